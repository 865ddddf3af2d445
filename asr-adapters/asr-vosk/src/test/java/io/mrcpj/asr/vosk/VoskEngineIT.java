package io.mrcpj.asr.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real bundled model on real speech made with flite (scripts/make-speech-fixtures.sh). */
class VoskEngineIT {

  @TempDir static Path cache;
  private static RecognitionEngine engine;

  @BeforeAll
  static void load() throws Exception {
    RecognitionEngineProvider provider =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("vosk"))
            .findFirst()
            .orElseThrow();
    engine = provider.create(Map.of("cache-dir", cache.toString(), "workers", "2"));
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void transcribesDigitsSpokenByFlite() throws Exception {
    List<Hypothesis> result = recognize("four-five-six-one", StreamRequest.transcribe("en-US"));
    assertThat(result).isNotEmpty();
    assertThat(result.get(0).text()).isEqualTo("four five six one");
    assertThat(result.get(0).confidence()).isBetween(0.5f, 1.0f);
  }

  @Test
  void grammarConstrainsTheResultToItsPhrases() throws Exception {
    StreamRequest grammar =
        new StreamRequest("en-US", List.of("yes", "no", "maybe later"), 1, Map.of());
    List<Hypothesis> result = recognize("yes", grammar);
    assertThat(result).extracting(Hypothesis::text).containsExactly("yes");
  }

  @Test
  void speechOutsideTheGrammarIsNotForcedOntoAPhrase() throws Exception {
    StreamRequest grammar = new StreamRequest("en-US", List.of("no", "maybe later"), 1, Map.of());
    List<Hypothesis> result = recognize("four-five-six-one", grammar);
    assertThat(result).extracting(Hypothesis::text).doesNotContain("four five six one");
    assertThat(result).allSatisfy(h -> assertThat(List.of("no", "maybe later")).contains(h.text()));
  }

  @Test
  void nBestGivesSeveralDistinctHypothesesBestFirstWithProbabilities() throws Exception {
    StreamRequest request = new StreamRequest("en-US", List.of(), 3, Map.of());
    List<Hypothesis> result = recognize("seven-three-nine-two", request);
    assertThat(result).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(result.get(0).text()).isEqualTo("seven three nine two");
    assertThat(result).extracting(Hypothesis::text).doesNotHaveDuplicates();
    double sum = result.stream().mapToDouble(Hypothesis::confidence).sum();
    assertThat(sum).isLessThanOrEqualTo(1.0001);
    for (int i = 1; i < result.size(); i++) {
      assertThat(result.get(i).confidence()).isLessThanOrEqualTo(result.get(i - 1).confidence());
    }
  }

  @Test
  void silenceGivesNoHypothesis() throws Exception {
    assertThat(recognize("silence", StreamRequest.transcribe("en-US"))).isEmpty();
  }

  @Test
  void aMissingModelFolderIsAClearError() {
    assertThatThrownBy(
            () -> new VoskEngineProvider().create(Map.of("model-path", "/no/such/model")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not a folder: /no/such/model");
  }

  @Test
  void aCorruptModelIsAClearError(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("am"), "not a model");
    assertThatThrownBy(() -> new VoskEngineProvider().create(Map.of("model-path", dir.toString())))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("cannot load the Vosk model at " + dir);
  }

  @Test
  void unknownLanguageIsRefusedWithItsOwnKind() {
    assertThatThrownBy(() -> engine.open(StreamRequest.transcribe("de-DE"), new Collector()))
        .isInstanceOf(EngineException.class)
        .extracting(e -> ((EngineException) e).kind())
        .isEqualTo(EngineException.Kind.LANGUAGE_UNSUPPORTED);
  }

  @Test
  void closingMidStreamReleasesTheRecognizerAndReportsNothing() throws Exception {
    VoskEngine vosk = (VoskEngine) engine;
    Collector collector = new Collector();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), collector);
    short[] pcm = pcm("four-five-six-one");
    stream.feed(pcm, 0, pcm.length / 2);
    stream.close();
    stream.endOfInput(); // after close: ignored
    await().atMost(Duration.ofSeconds(10)).until(() -> vosk.activeStreams() == 0);
    assertThat(collector.done).isNotDone();
  }

  private static List<Hypothesis> recognize(String fixture, StreamRequest request)
      throws Exception {
    Collector collector = new Collector();
    try (RecognitionStream stream = engine.open(request, collector)) {
      short[] pcm = pcm(fixture);
      // 20 ms frames, as RTP delivers them.
      for (int off = 0; off < pcm.length; off += 320) {
        stream.feed(pcm, off, Math.min(320, pcm.length - off));
      }
      stream.endOfInput();
      return collector.done.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static short[] pcm(String fixture) throws Exception {
    try (InputStream raw =
            VoskEngineIT.class.getResourceAsStream("/speech/" + fixture + "-16k.wav");
        AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(raw))) {
      AudioFormat f = in.getFormat();
      assertThat(f.getSampleRate()).isEqualTo(16000f);
      assertThat(f.getSampleSizeInBits()).isEqualTo(16);
      byte[] bytes = in.readAllBytes();
      short[] out = new short[bytes.length / 2];
      ByteBuffer.wrap(bytes)
          .order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
          .asShortBuffer()
          .get(out);
      return out;
    }
  }

  static final class Collector implements RecognitionListener {
    final CompletableFuture<List<Hypothesis>> done = new CompletableFuture<>();
    final List<Hypothesis> partials = new CopyOnWriteArrayList<>();

    @Override
    public void onPartial(Hypothesis partial) {
      partials.add(partial);
    }

    @Override
    public void onFinal(List<Hypothesis> nBest) {
      done.complete(nBest);
    }

    @Override
    public void onError(EngineException error) {
      done.completeExceptionally(error);
    }
  }
}
