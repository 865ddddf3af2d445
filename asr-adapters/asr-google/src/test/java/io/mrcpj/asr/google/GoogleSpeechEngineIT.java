package io.mrcpj.asr.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.RecognitionConfig.AudioEncoding;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import io.grpc.Status;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.asr.spi.testing.RecordingListener;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.WavFile;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code google} engine against a stand-in Speech service on 127.0.0.1 (the vendor's own gRPC
 * service base, served by grpc's netty server): real speech in (the 8 kHz fixture brought to 16
 * kHz), the requests checked as the service sees them, results and every kind of failure out.
 */
class GoogleSpeechEngineIT {

  /** 20 ms at 16 kHz, as the RTP pipeline hands audio on. */
  private static final int FRAME = 320;

  private static short[] speech;

  private FakeSpeechService service;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void loadSpeech() throws Exception {
    try (InputStream in =
        GoogleSpeechEngineIT.class.getResourceAsStream("/speech/rms-four-five-six-one-8k.wav")) {
      WavFile wav = WavFile.read(in.readAllBytes());
      assertThat(wav.sampleRate()).isEqualTo(8000);
      Resampler up = Resampler.upsampler();
      short[] out = new short[up.maxOutputLength(wav.sampleCount())];
      int n = up.process(wav.samples(), 0, wav.sampleCount(), out, 0);
      speech = Arrays.copyOf(out, n);
    }
    assertThat(speech.length).isGreaterThan(16_000); // over a second: several requests of audio
  }

  @BeforeEach
  void startService() throws Exception {
    service = new FakeSpeechService();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    service.close();
  }

  private Map<String, String> settings(String... more) {
    Map<String, String> s = new HashMap<>();
    s.put("endpoint", service.endpoint());
    s.put("plaintext", "true");
    for (int i = 0; i < more.length; i += 2) {
      s.put(more[i], more[i + 1]);
    }
    return s;
  }

  private GoogleSpeechEngine engine(String... more) throws EngineException {
    GoogleSpeechEngine e = new GoogleSpeechEngine(GoogleSettings.parse(settings(more)));
    toClose.add(e);
    return e;
  }

  /** Feeds {@code pcm} in 20 ms frames; returns the longest a single feed() took, in ns. */
  private static long feed(RecognitionStream stream, short[] pcm, int from, int to) {
    long longest = 0;
    for (int i = from; i < to; i += FRAME) {
      long t0 = System.nanoTime();
      stream.feed(pcm, i, Math.min(FRAME, to - i));
      longest = Math.max(longest, System.nanoTime() - t0);
    }
    return longest;
  }

  @Test
  void speechGoesOutAsFedAndResultsComeBackMapped() throws Exception {
    GoogleSpeechEngine engine = engine();
    RecordingListener events = new RecordingListener();
    StreamRequest request =
        new StreamRequest(
            "en-GB",
            List.of("four five six one", " yes  please ", "four five six one"),
            3,
            Map.of());
    RecognitionStream stream = engine.open(request, events);
    long longestFeed = feed(stream, speech, 0, speech.length);
    stream.endOfInput();

    List<Hypothesis> nBest = events.result(10);
    assertThat(nBest)
        .containsExactly(
            new Hypothesis("four five six one", 0.87f),
            new Hypothesis("four five six won", Transcript.UNKNOWN),
            new Hypothesis("four five sex one", 0.2f));
    assertThat(events.partials)
        .containsExactly(new Hypothesis("four", 0.1f), new Hypothesis("four five six", 0.8f));
    assertThat(events.threads).allMatch(t -> t.startsWith("google-speech-"), "engine threads");

    FakeSpeechService.Call call = service.calls.get(0);
    assertThat(call.problems).isEmpty();
    StreamingRecognitionConfig streaming = call.config.get(1, TimeUnit.SECONDS);
    assertThat(streaming.getInterimResults()).isTrue();
    assertThat(streaming.getSingleUtterance()).isFalse();
    RecognitionConfig config = streaming.getConfig();
    assertThat(config.getEncoding()).isEqualTo(AudioEncoding.LINEAR16);
    assertThat(config.getSampleRateHertz()).isEqualTo(16_000);
    assertThat(config.getLanguageCode()).isEqualTo("en-GB");
    assertThat(config.getMaxAlternatives()).isEqualTo(3);
    assertThat(config.getModel()).isEmpty();
    assertThat(config.getSpeechContextsCount()).isEqualTo(1);
    assertThat(config.getSpeechContexts(0).getPhrasesList())
        .containsExactly("four five six one", "yes please");
    assertThat(call.audio()).isEqualTo(FakeSpeechService.linear16(speech).toByteArray());
    // 100 ms per request, the last one shorter.
    assertThat(call.audioMessages).isEqualTo((speech.length + 1599) / 1600);
    assertThat(longestFeed).isLessThan(TimeUnit.MILLISECONDS.toNanos(200));
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeStreams() == 0);
  }

  @Test
  void defaultLanguageModelAndOneBest() throws Exception {
    GoogleSpeechEngine engine = engine("language", "de-DE", "model", "phone_call");
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(new StreamRequest("", List.of(), 1, Map.of()), events);
    feed(stream, speech, 0, speech.length);
    stream.endOfInput();

    assertThat(events.result(10)).containsExactly(new Hypothesis("four five six one", 0.87f));
    RecognitionConfig config = service.calls.get(0).config.get(1, TimeUnit.SECONDS).getConfig();
    assertThat(config.getLanguageCode()).isEqualTo("de-DE");
    assertThat(config.getModel()).isEqualTo("phone_call");
    assertThat(config.getMaxAlternatives()).isEqualTo(1);
    assertThat(config.getSpeechContextsCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "UNAUTHENTICATED, did not accept the credentials",
    "PERMISSION_DENIED, refused the request",
    "UNAVAILABLE, is unavailable",
    "DEADLINE_EXCEEDED, did not answer in time",
    "INVALID_ARGUMENT, rejected the request",
  })
  void errorStatusesBecomeEngineErrorsThatSayWhy(String code, String words) throws Exception {
    service.behaviour = FakeSpeechService.Behaviour.FAIL;
    service.errorStatus = Status.fromCode(Status.Code.valueOf(code)).withDescription("said so");
    GoogleSpeechEngine engine = engine();
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, speech, 0, speech.length);
    stream.endOfInput();

    EngineException e = events.error(10);
    assertThat(e.kind()).isEqualTo(EngineException.Kind.ENGINE_FAILURE);
    assertThat(e.getMessage())
        .contains("Google Speech-to-Text at " + service.endpoint())
        .contains(words)
        .contains("(" + code + ": said so)");
    assertThat(events.calls.get()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeStreams() == 0);
  }

  @Test
  void anErrorInAResponseFailsTheStream() throws Exception {
    service.behaviour = FakeSpeechService.Behaviour.ERROR_IN_RESPONSE;
    GoogleSpeechEngine engine = engine();
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, speech, 0, speech.length);
    stream.endOfInput();

    assertThat(events.error(10).getMessage())
        .contains("rejected the request (INVALID_ARGUMENT: Invalid recognition 'config'");
    assertThat(service.calls.get(0).cancelledWithin(5)).isTrue();
  }

  @Test
  void noFinalWithinTheTimeoutIsAnErrorAndCancelsTheCall() throws Exception {
    service.behaviour = FakeSpeechService.Behaviour.SILENT;
    GoogleSpeechEngine engine = engine("final-timeout-ms", "400");
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, speech, 0, speech.length);
    long t0 = System.nanoTime();
    stream.endOfInput();

    EngineException e = events.error(10);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(e.getMessage())
        .contains("no final result from Google Speech-to-Text")
        .contains("within 400 ms")
        .contains("final-timeout-ms");
    assertThat(waited).isBetween(350L, 5000L);
    FakeSpeechService.Call call = service.calls.get(0);
    assertThat(call.halfClosed.await(1, TimeUnit.SECONDS)).isTrue();
    assertThat(call.cancelledWithin(5)).isTrue();
  }

  @Test
  void closeMidStreamCancelsTheCallAndReportsNothing() throws Exception {
    service.behaviour = FakeSpeechService.Behaviour.TRANSCRIBE;
    GoogleSpeechEngine engine = engine();
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, speech, 0, speech.length / 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.partials.isEmpty());

    stream.close();
    int seen = events.calls.get();
    stream.close(); // idempotent
    feed(stream, speech, speech.length / 2, speech.length); // ignored after close
    stream.endOfInput();

    FakeSpeechService.Call call = service.calls.get(0);
    assertThat(call.cancelledWithin(5)).isTrue();
    assertThat(call.halfClosed.getCount()).isEqualTo(1); // never half-closed: cancelled
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeStreams() == 0);
    Thread.sleep(300);
    assertThat(events.calls.get()).isEqualTo(seen);
    assertThat(events.done).isNotDone();
  }

  @Test
  void closeRightAfterTheEndOfInputDeliversNothing() throws Exception {
    GoogleSpeechEngine engine = engine();
    for (int i = 0; i < 5; i++) {
      RecordingListener events = new RecordingListener();
      RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
      feed(stream, speech, 0, speech.length);
      stream.endOfInput();
      stream.close();
      int seen = events.calls.get();
      Thread.sleep(300); // the service answers the end of input at once
      assertThat(events.calls.get()).isEqualTo(seen);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeStreams() == 0);
  }

  @Test
  void aServiceThatIsNotThereIsUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    GoogleSpeechEngine engine =
        new GoogleSpeechEngine(
            GoogleSettings.parse(Map.of("endpoint", "127.0.0.1:" + port, "plaintext", "true")));
    toClose.add(engine);
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, speech, 0, speech.length);
    stream.endOfInput();

    assertThat(events.error(10).getMessage())
        .contains("Google Speech-to-Text at 127.0.0.1:" + port)
        .contains("is unavailable (UNAVAILABLE");
  }

  @Test
  void closingTheEngineFailsItsOpenStreams() throws Exception {
    service.behaviour = FakeSpeechService.Behaviour.SILENT;
    GoogleSpeechEngine engine = engine();
    RecordingListener events = new RecordingListener();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, speech, 0, FRAME * 20);
    await().atMost(Duration.ofSeconds(5)).until(() -> service.calls.size() == 1);

    engine.close();
    assertThat(events.error(5).getMessage()).contains("google engine was closed");
    assertThatThrownBy(
            () -> engine.open(StreamRequest.transcribe("en-US"), new RecordingListener()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aMissingCredentialsFileFailsTheLoadNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-key.json");
    assertThatThrownBy(() -> engine("credentials-file", missing.toString()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("credentials-file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aCredentialsFileThatIsNoKeyFailsTheLoadNamingIt(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("key.json"), "{\"type\": \"nonsense\"}");
    assertThatThrownBy(() -> engine("credentials-file", junk.toString()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("credentials-file")
        .hasMessageContaining(junk.toString())
        .hasMessageContaining("not a usable service-account key");
  }

  @Test
  void theProviderIsFoundByName() throws Exception {
    RecognitionEngineProvider provider =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("google"))
            .findFirst()
            .orElseThrow();
    try (RecognitionEngine e = provider.create(settings())) {
      assertThat(e.name()).isEqualTo("google");
      assertThat(e.sampleRate()).isEqualTo(16_000);
      assertThat(e.languages()).containsExactly("*");
    }
  }
}
