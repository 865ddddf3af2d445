package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recognizer's modes and services: the speech-complete / speech-incomplete timers, hotword
 * mode, Early-No-Match, N-best, held input timers with a fallback, Vendor-Specific-Parameters,
 * Save-Waveform, grammars fetched from a real HTTP server, and the NLSML dialect.
 */
class RecognizerModesIT extends RecognizerTestBase {

  @TempDir static Path dir;
  private static final List<StreamRequest> asked = new CopyOnWriteArrayList<>();
  private HttpServer http;
  private GrammarFetcher fetcher;
  private final java.util.concurrent.ExecutorService io = Executors.newSingleThreadExecutor();

  /** The real engine, noting what each stream was asked for. */
  private static final class Noting implements RecognitionEngine {
    private final RecognitionEngine real;

    Noting(RecognitionEngine real) {
      this.real = real;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public Set<String> languages() {
      return real.languages();
    }

    @Override
    public int sampleRate() {
      return real.sampleRate();
    }

    @Override
    public RecognitionStream open(StreamRequest request, RecognitionListener listener)
        throws EngineException {
      asked.add(request);
      return real.open(request, listener);
    }

    @Override
    public void close() {}
  }

  @Override
  protected RecognizerSupport support() {
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    http.createContext(
        "/yesno.grxml",
        ex -> {
          byte[] b = YES_NO_XML.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/srgs+xml");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    http.createContext(
        "/big.grxml",
        ex -> {
          byte[] b = new byte[4096];
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    http.createContext(
        "/slow.grxml",
        ex -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    http.start();
    fetcher =
        new GrammarFetcher(
            new GrammarFetcher.Settings(Set.of("127.0.0.1", "localhost"), 2048, 1000, 60, null));
    RecognizerDefaults d = RecognizerDefaults.defaults();
    RecognizerDefaults withFallback =
        new RecognizerDefaults(
            d.language(),
            d.noInputTimeoutMillis(),
            d.recognitionTimeoutMillis(),
            d.speechCompleteTimeoutMillis(),
            d.speechIncompleteTimeoutMillis(),
            d.nBest(),
            d.confidenceThreshold(),
            d.dtmfInterdigitTimeoutMillis(),
            d.dtmfTermTimeoutMillis(),
            d.dtmfBufferTimeMillis(),
            d.fetchTimeoutMillis(),
            700);
    return new RecognizerSupport(
        withFallback,
        fetcher,
        new WaveformStore(new WaveformStore.Settings(dir, null, 30, false), io),
        new NlsmlWriter.Dialect(false, true),
        NlsmlResult.CONTENT_TYPE_LEGACY);
  }

  @Override
  protected RecognitionEngine channelEngine() {
    asked.clear();
    return new Noting(engine);
  }

  @AfterEach
  void stopServices() {
    http.stop(0);
    fetcher.close();
    io.shutdownNow();
  }

  private MrcpRequest start(MrcpRequest req) throws InterruptedException {
    channel.onRequest(req, line);
    assertInProgress(req);
    return req;
  }

  private static String grammar(String... phrases) {
    StringBuilder items = new StringBuilder();
    for (String p : phrases) {
      items.append("<item>").append(p).append("</item>");
    }
    return "<?xml version=\"1.0\"?><grammar xmlns=\"http://www.w3.org/2001/06/grammar\""
        + " version=\"1.0\" xml:lang=\"en-US\" root=\"r\"><rule id=\"r\"><one-of>"
        + items
        + "</one-of></rule></grammar>";
  }

  /** Feeds the fixture, then silence; returns ms from the end of the fixture to completion. */
  private double timeToComplete(String fixture) throws Exception {
    short[] pcm = pcm(fixture);
    for (int off = 0; off < pcm.length; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, pcm.length - off));
    }
    long end = System.nanoTime();
    feedSilenceUntilComplete();
    return (line.completionNanos() - end) / 1e6;
  }

  // ------------------------------------------------------------------ timers

  @Test
  void aCompleteMatchEndsAfterTheShortTimerAnIncompleteOneWaitsTheLongOne() throws Exception {
    MrcpRequest complete =
        start(
            recognize(srgsXml(grammar("four five six one"))).toBuilder()
                .header("Speech-Complete-Timeout", "300")
                .header("Speech-Incomplete-Timeout", "3000")
                .build());
    double fast = timeToComplete("four-five-six-one");
    MrcpEvent done = line.completion();
    assertComplete(done, complete, RecognizerCompletionCause.SUCCESS);
    assertThat(fast)
        .as("ms after the audio: complete timer (300 ms) minus the fixture's silence")
        .isLessThan(1500);

    line.reset();
    // a complete match that could still go on waits the incomplete timer (section 9.4.16)
    MrcpRequest extendable =
        start(
            recognize(srgsXml(grammar("four five six one", "four five six one two three")))
                .toBuilder()
                .header("Speech-Complete-Timeout", "300")
                .header("Speech-Incomplete-Timeout", "2000")
                .build());
    double slow = timeToComplete("four-five-six-one");
    MrcpEvent p = line.completion();
    assertThat(p.requestId()).isEqualTo(extendable.requestId());
    assertThat(cause(p)).isEqualTo(RecognizerCompletionCause.SUCCESS);
    assertThat(slow).as("ms after the audio: the incomplete timer").isGreaterThan(1400);
  }

  @Test
  void speechThatIsOnlyTheStartOfASentenceIsAPartialMatch() throws Exception {
    MrcpRequest req =
        start(
            recognize(srgsXml(grammar("four five six one two", "seven eight"))).toBuilder()
                .header("Speech-Incomplete-Timeout", "600")
                .build());
    feedSpeechThenSilence("four-five-six-one");
    MrcpEvent done = line.completion();
    assertThat(done.requestId()).isEqualTo(req.requestId());
    assertThat(cause(done)).isEqualTo(RecognizerCompletionCause.PARTIAL_MATCH);
    assertThat(NlsmlReader.read(done.body()).best().input()).startsWith("four five six");
  }

  @Test
  void heldInputTimersStartAfterTheFallbackWhenNoStartInputTimersComes() throws Exception {
    long t0 = System.nanoTime();
    MrcpRequest req =
        start(
            recognize(uriList("builtin:speech/transcribe")).toBuilder()
                .header("Start-Input-Timers", "false")
                .header("No-Input-Timeout", "300")
                .build());
    feedSilenceUntilComplete();
    assertComplete(line.completion(), req, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    assertThat((line.completionNanos() - t0) / 1e6)
        .as("fallback 700 ms + no-input 300 ms, from sending RECOGNIZE")
        .isBetween(950.0, 2500.0);
  }

  // ------------------------------------------------------------------ modes

  @Test
  void hotwordModeIgnoresOtherSpeechAndSendsNoStartOfInput() throws Exception {
    MrcpRequest req =
        start(
            recognize(srgsXml(YES_NO_XML)).toBuilder()
                .header("Recognition-Mode", "hotword")
                .header("Speech-Complete-Timeout", "500")
                .build());
    short[] digits = pcm("four-five-six-one");
    for (int off = 0; off < digits.length; off += CHUNK) {
      channel.onAudio(digits, off, Math.min(CHUNK, digits.length - off));
    }
    feedSilenceFor(Duration.ofMillis(1500));
    assertThat(channel.recognizing()).as("not the hotword: still listening").isTrue();
    feedSpeechThenSilence("yes");
    MrcpEvent done = line.completion();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(done.body()).best().input()).isEqualTo("yes");
    assertThat(line.sent.stream().noneMatch(RecognizerTestBase::isStartOfInput)).isTrue();
  }

  @Test
  void hotwordModeEndsWithHotwordMaxtimeWhenItNeverHearsTheWord() throws Exception {
    MrcpRequest req =
        start(
            recognize(srgsXml(YES_NO_XML)).toBuilder()
                .header("Recognition-Mode", "hotword")
                .header("Recognition-Timeout", "800")
                .header("Speech-Complete-Timeout", "400")
                .build());
    feedRealTime("four-five-six-one"); // about 1.5 s of speech, longer than the timeout
    feedSilenceUntilComplete();
    assertComplete(line.completion(), req, RecognizerCompletionCause.HOTWORD_MAXTIME);
  }

  @Test
  void afterOtherSpeechAHotwordRecognitionStillEndsWhenTheLineFallsSilent() throws Exception {
    MrcpRequest req =
        start(
            recognize(srgsXml(YES_NO_XML)).toBuilder()
                .header("Recognition-Mode", "hotword")
                .header("No-Input-Timeout", "1000")
                .header("Speech-Complete-Timeout", "400")
                .build());
    feedSpeechThenSilence("four-five-six-one");
    assertComplete(line.completion(), req, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
  }

  @Test
  void hotwordDurationsLeaveOutSpeechTooShortOrTooLongToBeTheHotword() throws Exception {
    MrcpRequest tooShort =
        start(
            recognize(srgsXml(YES_NO_XML)).toBuilder()
                .header("Recognition-Mode", "hotword")
                .header("Hotword-Min-Duration", "1500")
                .header("No-Input-Timeout", "1000")
                .header("Speech-Complete-Timeout", "400")
                .build());
    feedSpeechThenSilence("yes"); // about half a second of speech
    assertComplete(line.completion(), tooShort, RecognizerCompletionCause.NO_INPUT_TIMEOUT);

    line.reset();
    MrcpRequest tooLong =
        start(
            recognize(srgsXml(YES_NO_XML)).toBuilder()
                .header("Recognition-Mode", "hotword")
                .header("Hotword-Max-Duration", "100")
                .header("No-Input-Timeout", "1000")
                .header("Speech-Complete-Timeout", "400")
                .build());
    feedSpeechThenSilence("yes");
    assertComplete(line.completion(), tooLong, RecognizerCompletionCause.NO_INPUT_TIMEOUT);

    line.reset();
    MrcpRequest fits =
        start(
            recognize(srgsXml(YES_NO_XML)).toBuilder()
                .header("Recognition-Mode", "hotword")
                .header("Hotword-Min-Duration", "100")
                .header("Hotword-Max-Duration", "2000")
                .header("Speech-Complete-Timeout", "400")
                .build());
    feedSpeechThenSilence("yes");
    assertComplete(line.completion(), fits, RecognizerCompletionCause.SUCCESS);
  }

  @Test
  void earlyNoMatchEndsBeforeTheSpeechDoes() throws Exception {
    MrcpRequest req =
        start(recognize(srgsXml(YES_NO_XML)).toBuilder().header("Early-No-Match", "true").build());
    long t0 = System.nanoTime();
    feedRealTime("four-five-six-one");
    double fedMs = (System.nanoTime() - t0) / 1e6;
    feedSilenceUntilComplete();
    assertComplete(line.completion(), req, RecognizerCompletionCause.NO_MATCH);
    assertThat(fedMs)
        .as("ms of the 2.3 s fixture fed before the early no-match")
        .isLessThan(pcm("four-five-six-one").length / 16.0 - 300);
  }

  @Test
  void nBestGivesSeveralInterpretationsBestFirst() throws Exception {
    MrcpRequest req =
        start(
            recognize(uriList("builtin:speech/transcribe")).toBuilder()
                .header("N-Best-List-Length", "3")
                .header("Confidence-Threshold", "0.0")
                .build());
    feedSpeechThenSilence("seven-three-nine-two");
    MrcpEvent done = line.completion();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    NlsmlResult r = NlsmlReader.read(done.body());
    assertThat(r.interpretations()).hasSizeBetween(2, 3);
    assertThat(r.interpretations().get(0).input()).isEqualTo("seven three nine two");
    for (int i = 1; i < r.interpretations().size(); i++) {
      assertThat(r.interpretations().get(i).confidence())
          .isLessThanOrEqualTo(r.interpretations().get(i - 1).confidence());
    }
    assertThat(asked.get(0).nBest()).isEqualTo(3);
  }

  @Test
  void vendorSpecificParametersAndTheLanguageReachTheEngine() throws Exception {
    channel.onRequest(
        request(MrcpMethod.SET_PARAMS)
            .header("Vendor-Specific-Parameters", "com.example.beam=12")
            .build(),
        line);
    line.nextResponse();
    start(
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("Vendor-Specific-Parameters", "com.example.lm=\"large\"")
            .build());
    assertThat(asked.get(0).vendorParameters())
        .containsEntry("com.example.beam", "12")
        .containsEntry("com.example.lm", "large");
    assertThat(asked.get(0).language()).isEqualTo("en-US");
  }

  // ------------------------------------------------------------------ services

  @Test
  void saveWaveformWritesTheUtteranceAndNamesIt() throws Exception {
    MrcpRequest req =
        start(
            recognize(uriList("builtin:speech/transcribe")).toBuilder()
                .header("Save-Waveform", "true")
                .build());
    feedSpeechThenSilence("yes");
    MrcpEvent done = line.completion();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    String value = done.headers().get(RecognizerHeaders.WAVEFORM_URI).orElseThrow();
    assertThat(value).matches("<file:.*\\.wav>;size=\\d+;duration=\\d+");
    Path file = Path.of(URI.create(value.substring(1, value.indexOf('>'))));
    WavFile wav = WavFile.read(Files.readAllBytes(file));
    assertThat(wav.sampleRate()).isEqualTo(16000);
    long duration = Long.parseLong(value.replaceAll(".*duration=", ""));
    assertThat(wav.durationMillis()).isEqualTo(duration);
    assertThat(duration).as("the whole fixture was kept").isGreaterThan(pcm("yes").length / 16);
    assertThat(done.contentType()).contains(NlsmlResult.CONTENT_TYPE_LEGACY);
    assertThat(done.bodyAsString()).as("the dialect without namespace").doesNotContain("xmlns");

    channel.close();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !Files.exists(file));
  }

  @Test
  void grammarsAreFetchedFromAllowedHostsWithinTheirLimits() throws Exception {
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    MrcpRequest ok = recognize(uriList(base + "/yesno.grxml"));
    channel.onRequest(ok, line);
    assertInProgress(ok);
    feedSpeechThenSilence("yes");
    MrcpEvent done = line.completion();
    assertComplete(done, ok, RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(done.body()).best().grammar()).isEqualTo(base + "/yesno.grxml");
    line.reset();

    assertFetchFails(base + "/missing.grxml", "404");
    assertFetchFails(base + "/big.grxml", "too-large");
    assertFetchFails(base + "/slow.grxml", "timeout");
    assertFetchFails("http://192.0.2.1/forbidden.grxml", "host-not-allowed");
    assertFetchFails("file:///etc/passwd", "file-disabled");
  }

  private void assertFetchFails(String uri, String why) throws Exception {
    MrcpRequest req = recognize(uriList(uri));
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.requestId()).isEqualTo(req.requestId());
    assertThat(r.status().code()).isEqualTo(407);
    assertThat(cause(r)).isEqualTo(RecognizerCompletionCause.URI_FAILURE);
    assertThat(r.headers().get(RecognizerHeaders.FAILED_URI)).contains(uri);
    assertThat(r.headers().get(RecognizerHeaders.FAILED_URI_CAUSE)).contains(why);
    assertThat(channel.recognizing()).isFalse();
  }
}
