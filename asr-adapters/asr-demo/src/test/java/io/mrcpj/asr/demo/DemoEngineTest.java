package io.mrcpj.asr.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoEngineTest {

  private RecognitionEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private static final class Final implements RecognitionListener {
    final CompletableFuture<List<Hypothesis>> result = new CompletableFuture<>();
    volatile String thread;

    @Override
    public void onFinal(List<Hypothesis> nBest) {
      thread = Thread.currentThread().getName();
      result.complete(nBest);
    }

    @Override
    public void onError(EngineException error) {
      result.completeExceptionally(error);
    }
  }

  private RecognitionEngine engine(Map<String, String> settings) throws EngineException {
    for (RecognitionEngineProvider p : ServiceLoader.load(RecognitionEngineProvider.class)) {
      if (p.name().equals("demo")) {
        engine = p.create(settings);
        return engine;
      }
    }
    throw new AssertionError("the demo provider is not registered with ServiceLoader");
  }

  /** {@code millis} of a 440 Hz tone at {@code dbfs}, at 16 kHz. */
  private static short[] tone(int millis, double dbfs) {
    short[] s = new short[16 * millis];
    double a = 32767 * Math.pow(10, dbfs / 20);
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(a * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    return s;
  }

  private static List<Hypothesis> run(RecognitionStream s, Final f, short[]... parts)
      throws Exception {
    for (short[] p : parts) {
      for (int off = 0; off < p.length; off += 320) {
        s.feed(p, off, Math.min(320, p.length - off));
      }
    }
    s.endOfInput();
    try {
      return f.result.get(5, TimeUnit.SECONDS);
    } finally {
      s.close();
    }
  }

  @Test
  void enoughLoudAudioGivesTheConfiguredResultOnTheEngineThread() throws Exception {
    RecognitionEngine e = engine(Map.of("result", "four five six one", "confidence", "0.75"));
    Final f = new Final();
    List<Hypothesis> r =
        run(e.open(StreamRequest.transcribe("en-US"), f), f, tone(300, -60), tone(500, -20));
    assertThat(r).containsExactly(new Hypothesis("four five six one", 0.75f));
    assertThat(f.thread).isEqualTo("demo-engine");
    assertThat(e.sampleRate()).isEqualTo(16000);
    assertThat(e.languages()).containsExactly("*");
  }

  @Test
  void quietOrTooShortAudioGivesNothing() throws Exception {
    RecognitionEngine e = engine(Map.of("min-speech-ms", "200"));
    Final quiet = new Final();
    assertThat(run(e.open(StreamRequest.transcribe("en-US"), quiet), quiet, tone(2000, -60)))
        .isEmpty();
    Final shortBurst = new Final();
    assertThat(
            run(
                e.open(StreamRequest.transcribe("en-US"), shortBurst),
                shortBurst,
                tone(100, -20),
                tone(500, -80)))
        .isEmpty();
  }

  @Test
  void withoutAConfiguredResultTheGrammarsFirstPhraseOrDemo() throws Exception {
    RecognitionEngine e = engine(Map.of());
    Final g = new Final();
    StreamRequest yesNo = new StreamRequest("en-US", List.of("yes", "no"), 1, Map.of());
    assertThat(run(e.open(yesNo, g), g, tone(400, -20)))
        .extracting(Hypothesis::text)
        .containsExactly("yes");
    Final t = new Final();
    assertThat(run(e.open(StreamRequest.transcribe("en-US"), t), t, tone(400, -20)))
        .containsExactly(new Hypothesis("demo", 0.9f));
  }

  @Test
  void vendorParametersOverrideTheResultPerRecognition() throws Exception {
    RecognitionEngine e = engine(Map.of("result", "configured"));
    Final f = new Final();
    StreamRequest r =
        new StreamRequest(
            "en-US", List.of(), 1, Map.of("demo.result", "per call", "demo.confidence", "0.5"));
    assertThat(run(e.open(r, f), f, tone(400, -20)))
        .containsExactly(new Hypothesis("per call", 0.5f));
  }

  @Test
  void theResultWaitsForTheLatencyAndAClosedStreamGetsNone() throws Exception {
    RecognitionEngine e = engine(Map.of("latency-ms", "300"));
    Final f = new Final();
    long start = System.nanoTime();
    run(e.open(StreamRequest.transcribe("en-US"), f), f, tone(400, -20));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(300);

    Final closed = new Final();
    RecognitionStream s = e.open(StreamRequest.transcribe("en-US"), closed);
    s.feed(tone(400, -20), 0, 6400);
    s.endOfInput();
    s.close();
    Thread.sleep(600);
    assertThat(closed.result).isNotDone();
    assertThat(((DemoEngine) e).openStreams()).isZero();
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> engine(Map.of("confidence", "2")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("confidence");
    assertThatThrownBy(() -> engine(Map.of("sample-rate", "11025")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("sample-rate must be 8000 or 16000");
    assertThatThrownBy(() -> engine(Map.of("latency-ms", "soon")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("latency-ms");
  }
}
