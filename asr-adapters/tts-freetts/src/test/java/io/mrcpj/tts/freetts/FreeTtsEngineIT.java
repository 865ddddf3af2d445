package io.mrcpj.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.tts.spi.SpeechSegment;
import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisEngineProvider;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisListener;
import io.mrcpj.tts.spi.SynthesisRequest;
import io.mrcpj.tts.spi.SynthesisStream;
import io.mrcpj.tts.spi.Voice;
import io.mrcpj.tts.testkit.Engines;
import io.mrcpj.tts.testkit.SpeechCollector;
import io.mrcpj.tts.testkit.VoskEar;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real FreeTTS voice, heard by the real Vosk engine with its bundled model. */
class FreeTtsEngineIT {

  private static final Logger log = LoggerFactory.getLogger(FreeTtsEngineIT.class);
  private static final Duration LIMIT = Engines.LIMIT;
  private static final String LONG_TEXT =
      "The quick brown fox jumps over the lazy dog, and then it runs away into the woods. "
          .repeat(40);

  private static SynthesisEngine engine;
  private static VoskEar vosk;

  @BeforeAll
  static void load() throws Exception {
    engine = provider().create(Map.of());
    vosk = new VoskEar();
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
    if (vosk != null) {
      vosk.close();
    }
  }

  static SynthesisEngineProvider provider() {
    return Engines.provider("freetts");
  }

  private static Voice kevin16() {
    return engine.voices().get(0);
  }

  private static short[] say(SynthesisEngine e, SynthesisRequest request) throws Exception {
    return Engines.speak(e, request);
  }

  private static SynthesisRequest atRate(String text, double rate) {
    return new SynthesisRequest(
        List.of(new SpeechSegment.Text(text)), kevin16(), rate, 1.0, Map.of());
  }

  @Test
  void theEngineOffersKevin16At16kHz() {
    assertThat(engine.name()).isEqualTo("freetts");
    assertThat(engine.sampleRate()).isEqualTo(16000);
    assertThat(engine.voices()).containsExactly(new Voice("kevin16", "male", 30, "en-US"));
  }

  @Test
  void voskHearsTheDigitsFreeTtsSays() throws Exception {
    short[] pcm = say(engine, SynthesisRequest.text("four five six one", kevin16()));
    assertThat(vosk.hear(pcm)).isEqualTo("four five six one");
  }

  @Test
  void theAudioIsSpeechOfAPlausibleLengthAndRateTwoHalvesIt() throws Exception {
    short[] normal = say(engine, atRate("four five six one", 1.0));
    double seconds = SpeechCollector.seconds(normal, 16000);
    // Four words at FreeTTS's normal 150 words a minute, with short pauses around them.
    assertThat(seconds).isBetween(1.0, 3.0);
    assertThat(SpeechCollector.rmsDbfs(normal)).isGreaterThan(-30.0);

    short[] fast = say(engine, atRate("four five six one", 2.0));
    assertThat(SpeechCollector.seconds(fast, 16000)).isLessThan(seconds * 0.65);
    short[] slow = say(engine, atRate("four five six one", 0.5));
    assertThat(SpeechCollector.seconds(slow, 16000)).isGreaterThan(seconds * 1.6);
  }

  @Test
  void marksBetweenSegmentsArriveInOrderBetweenTheirAudio() throws Exception {
    SpeechCollector c = new SpeechCollector();
    engine.open(
        new SynthesisRequest(
            List.of(
                new SpeechSegment.Mark("start"),
                new SpeechSegment.Text("four"),
                new SpeechSegment.Mark("after-four"),
                new SpeechSegment.Text("five"),
                new SpeechSegment.Mark("end")),
            kevin16(),
            1.0,
            1.0,
            Map.of()),
        c);
    c.awaitComplete(LIMIT);
    assertThat(c.timeline())
        .containsExactly("mark:start", "audio", "mark:after-four", "audio", "mark:end", "complete");
  }

  @Test
  void closingMidSentenceStopsTheAudioAndFreesTheWorker() throws Exception {
    try (SynthesisEngine one = provider().create(Map.of("threads", "1"))) {
      short[] whole = say(one, atRate(LONG_TEXT, 1.0));
      SpeechCollector c = new SpeechCollector();
      CountDownLatch firstChunk = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      // Holds the worker inside its first chunk until the stream is closed: mid-sentence, for sure.
      SynthesisListener holding =
          new SynthesisListener() {
            @Override
            public void onAudio(short[] pcm) {
              c.onAudio(pcm);
              firstChunk.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public void onComplete() {
              c.onComplete();
            }

            @Override
            public void onError(SynthesisException error) {
              c.onError(error);
            }
          };
      SynthesisStream stream = one.open(atRate(LONG_TEXT, 1.0), holding);
      assertThat(firstChunk.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      stream.close();
      closed.countDown();
      long start = System.nanoTime();
      // The single worker is free again as soon as FreeTTS sees its next write refused.
      say(one, atRate("yes", 1.0));
      long freeAfterMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(freeAfterMs).isLessThan(2_000);
      assertThat(c.chunks()).isOne();
      assertThat(c.samples()).isBetween(1, 1024);
      assertThat(c.ended()).isFalse();
      log.info(
          "STOP: {} of {} s delivered, worker free again after {} ms",
          SpeechCollector.seconds(c.pcm(), 16000),
          SpeechCollector.seconds(whole, 16000),
          freeAfterMs);
    }
  }

  @Test
  void eightRequestsAtOnceOnTwoThreadsAllGetTheirOwnAudio() throws Exception {
    List<SynthesisRequest> requests = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      requests.add(atRate(i % 2 == 0 ? "four five six one" : "seven three nine two", 1.0));
    }
    // Each voice is used by one thread at a time: the audio is the same as when made alone.
    List<short[]> alone = List.of(say(engine, requests.get(0)), say(engine, requests.get(1)));
    List<short[]> together = Engines.speakAtOnce(engine, requests);
    for (int i = 0; i < 8; i++) {
      assertThat(together.get(i)).as("request " + i).isEqualTo(alone.get(i % 2));
    }
  }

  @Test
  void synthesisIsManyTimesFasterThanRealTime() throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    short[] pcm = say(engine, atRate(LONG_TEXT, 1.0));
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    double audio = SpeechCollector.seconds(pcm, 16000);
    log.info(
        "FreeTTS made {} s of audio in {} s ({}x real time), {} s of CPU ({} s of audio a CPU s)",
        String.format("%.1f", audio),
        String.format("%.2f", wall),
        Math.round(audio / wall),
        String.format("%.2f", cpu),
        Math.round(audio / cpu));
    assertThat(audio / wall).isGreaterThan(5.0);
  }

  @Test
  void theEightKilohertzKevinVoiceMakesAnEightKilohertzEngine() throws Exception {
    try (SynthesisEngine kevin = provider().create(Map.of("voice", "kevin", "threads", "1"))) {
      assertThat(kevin.sampleRate()).isEqualTo(8000);
      assertThat(kevin.voices()).extracting(Voice::name).containsExactly("kevin");
      short[] pcm = say(kevin, SynthesisRequest.text("four five six one", kevin.voices().get(0)));
      assertThat(SpeechCollector.seconds(pcm, 8000)).isBetween(1.0, 3.0);
      assertThat(SpeechCollector.rmsDbfs(pcm)).isGreaterThan(-30.0);
    }
  }

  @Test
  void anUnknownVoiceSettingIsRefusedAtLoad() {
    assertThatThrownBy(() -> provider().create(Map.of("voice", "mbrola_us1")))
        .isInstanceOf(SynthesisException.class)
        .hasMessageContaining("freetts setting voice must be one of kevin16, kevin");
  }

  @Test
  void aVoiceTheEngineDoesNotHaveIsRefusedAtOpen() {
    Voice other = new Voice("slt", "female", 0, "en-US");
    assertThatThrownBy(() -> engine.open(SynthesisRequest.text("hi", other), new SpeechCollector()))
        .isInstanceOf(SynthesisException.class)
        .hasMessageContaining("no voice named 'slt'");
  }
}
