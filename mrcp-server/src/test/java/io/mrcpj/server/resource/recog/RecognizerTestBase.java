package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.vosk.VoskEngine;
import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.server.testing.SharedVosk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the recognizer ITs share: the real Vosk engine, a channel per test on a real scheduler, the
 * capture of what it sends, request builders and audio feeding at the pace of a live line. After
 * each test no stream, timer or recognition may be left.
 */
abstract class RecognizerTestBase {

  protected static final Path SPEECH =
      Path.of("../asr-adapters/asr-vosk/src/test/resources/speech");
  protected static final int CHUNK = 320;
  protected static final short[] SILENT_CHUNK = new short[CHUNK];
  protected static final String YES_NO_XML =
      """
      <?xml version="1.0"?>
      <grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US"
               root="answer" mode="voice">
        <rule id="answer" scope="public">
          <one-of><item>yes</item><item>no</item></one-of>
        </rule>
      </grammar>
      """;

  protected static RecognitionEngine engine;

  protected ScheduledExecutorService timers;
  protected RecognizerChannel channel;
  protected final Capture line = new Capture();
  protected final ChannelId id = new ChannelId("c0ffee", MrcpResource.SPEECHRECOG);
  protected long nextRequestId = 1;

  @BeforeAll
  static void load() throws Exception {
    engine = SharedVosk.get();
  }

  @BeforeEach
  void open() {
    timers = Executors.newSingleThreadScheduledExecutor();
    channel = new RecognizerChannel(id, channelEngine(), timers, support());
  }

  @AfterEach
  void closeAll() throws Exception {
    channel.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> ((VoskEngine) engine).activeStreams() == 0);
    assertThat(channel.openStreams()).isZero();
    assertThat(channel.pendingTimers()).isZero();
    assertThat(channel.recognizing()).isFalse();
    timers.shutdownNow();
    assertThat(timers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  /** The engine the channel under test uses (the real one; tests may wrap it). */
  protected RecognitionEngine channelEngine() {
    return engine;
  }

  /** What the channel under test gets; tests override it for fetching, waveforms, dialects. */
  protected RecognizerSupport support() {
    return RecognizerSupport.of(RecognizerDefaults.defaults());
  }

  // ------------------------------------------------------------------ helpers

  protected MrcpRequest.Builder request(MrcpMethod method) {
    return MrcpRequest.builder().method(method).requestId(nextRequestId++).channelId(id);
  }

  protected MrcpRequest recognize(Body body) {
    return request(MrcpMethod.RECOGNIZE).body(body.type, body.text).build();
  }

  protected record Body(String type, String text) {}

  protected static Body uriList(String text) {
    return new Body("text/uri-list", text);
  }

  protected static Body srgsXml(String text) {
    return new Body("application/srgs+xml", text);
  }

  protected void assertInProgress(MrcpRequest req) throws InterruptedException {
    MrcpResponse r = line.nextResponse();
    assertThat(r.requestId()).isEqualTo(req.requestId());
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.state()).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(r.channelId()).contains(id);
  }

  protected static void assertComplete(
      MrcpEvent e, MrcpRequest req, RecognizerCompletionCause expected) {
    assertThat(e.name()).isEqualTo(MrcpEventName.RECOGNITION_COMPLETE);
    assertThat(e.requestId()).isEqualTo(req.requestId());
    assertThat(e.state()).isEqualTo(RequestState.COMPLETE);
    assertThat(cause(e)).isEqualTo(expected);
  }

  protected static RecognizerCompletionCause cause(MrcpMessage m) {
    return RecognizerCompletionCause.parse(
        m.headers().get(RecognizerHeaders.COMPLETION_CAUSE).orElseThrow());
  }

  protected static boolean isStartOfInput(MrcpMessage m) {
    return m instanceof MrcpEvent e && e.name().equals(MrcpEventName.START_OF_INPUT);
  }

  /** The whole fixture fast, then live-paced silence until the recognition completes. */
  protected void feedSpeechThenSilence(String fixture) throws Exception {
    short[] pcm = pcm(fixture);
    for (int off = 0; off < pcm.length; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, pcm.length - off));
    }
    feedSilenceUntilComplete();
  }

  /** The fixture at the pace of a live line (20 ms per 20 ms chunk), stopping at a completion. */
  protected void feedRealTime(String fixture) throws Exception {
    short[] pcm = pcm(fixture);
    for (int off = 0; off < pcm.length && line.completion() == null; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, pcm.length - off));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Silence at the pace of a live line (20 ms per chunk) until RECOGNITION-COMPLETE, max 10 s. */
  protected void feedSilenceUntilComplete() {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (line.completion() == null && System.nanoTime() < end) {
      channel.onAudio(SILENT_CHUNK, 0, CHUNK);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertThat(line.completion()).as("RECOGNITION-COMPLETE within 10 s").isNotNull();
  }

  protected void feedSilenceFor(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      channel.onAudio(SILENT_CHUNK, 0, CHUNK);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  protected static short[] pcm(String fixture) throws Exception {
    WavFile wav = WavFile.read(Files.readAllBytes(SPEECH.resolve(fixture + "-16k.wav")));
    assertThat(wav.sampleRate()).isEqualTo(16_000);
    return wav.samples();
  }
}
