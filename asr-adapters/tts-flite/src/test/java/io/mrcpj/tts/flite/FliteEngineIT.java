package io.mrcpj.tts.flite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.tts.spi.SpeechSegment;
import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisRequest;
import io.mrcpj.tts.spi.SynthesisStream;
import io.mrcpj.tts.spi.Voice;
import io.mrcpj.tts.testkit.Engines;
import io.mrcpj.tts.testkit.SpeechCollector;
import io.mrcpj.tts.testkit.VoskEar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real flite program (Debian's), heard by the real Vosk engine with its bundled model. */
class FliteEngineIT {

  private static final Logger log = LoggerFactory.getLogger(FliteEngineIT.class);
  static final Duration LIMIT = Engines.LIMIT;
  private static final String SENTENCE =
      "The quick brown fox jumps over the lazy dog, and then it runs away into the woods. ";

  @TempDir static Path temp;
  private static SynthesisEngine engine;
  private static VoskEar vosk;

  @BeforeAll
  static void load() throws Exception {
    engine = create(Map.of());
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

  /** The engine found through ServiceLoader, its folder under this class's temp folder. */
  static SynthesisEngine create(Map<String, String> settings) throws SynthesisException {
    Map<String, String> all = new HashMap<>(settings);
    all.putIfAbsent("temp-dir", temp.toString());
    return Engines.provider("flite").create(all);
  }

  static Voice voice(SynthesisEngine e, String name) {
    return e.voices().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  static SynthesisRequest request(SynthesisEngine e, String text, double rate) {
    return new SynthesisRequest(
        List.of(new SpeechSegment.Text(text)), e.voices().get(0), rate, 1.0, Map.of());
  }

  static short[] say(SynthesisEngine e, SynthesisRequest request) throws Exception {
    return Engines.speak(e, request);
  }

  /** The files left anywhere under {@code dir}. */
  static List<Path> filesUnder(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  /** The flite processes this JVM started that still run. */
  static List<ProcessHandle> runningFlites() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("flite"))
        .toList();
  }

  @Test
  void theSixteenKilohertzVoicesFliteListsAreOfferedWithRmsFirst() {
    assertThat(engine.name()).isEqualTo("flite");
    assertThat(engine.sampleRate()).isEqualTo(16000);
    assertThat(engine.voices())
        .extracting(Voice::name)
        .containsExactly("rms", "slt", "awb", "kal16");
    assertThat(voice(engine, "slt").gender()).isEqualTo("female");
  }

  @Test
  void voskHearsTheDigitsFliteSays() throws Exception {
    short[] pcm = say(engine, request(engine, "four five six one", 1.0));
    assertThat(vosk.hear(pcm)).isEqualTo("four five six one");
  }

  @Test
  void everyOfferedVoiceSpeaksAtSixteenKilohertz() throws Exception {
    for (Voice v : engine.voices()) {
      short[] pcm = say(engine, SynthesisRequest.text("four five six one", v));
      assertThat(SpeechCollector.seconds(pcm, 16000)).as(v.name()).isBetween(0.8, 4.0);
      assertThat(SpeechCollector.rmsDbfs(pcm)).as(v.name()).isGreaterThan(-35.0);
    }
  }

  @Test
  void rateTwoHalvesTheDuration() throws Exception {
    double normal = SpeechCollector.seconds(say(engine, request(engine, SENTENCE, 1.0)), 16000);
    double fast = SpeechCollector.seconds(say(engine, request(engine, SENTENCE, 2.0)), 16000);
    assertThat(fast).isBetween(normal * 0.4, normal * 0.6);
  }

  @Test
  void textThatLooksLikeOptionsOrHoldsQuotesAndNewlinesIsSpokenNotObeyed() throws Exception {
    // Were this text read as arguments, flite would print its usage and say nothing.
    short[] pcm = say(engine, request(engine, "--help \"four\"\n'five' six one", 1.0));
    String heard = vosk.hear(pcm);
    log.info("Vosk heard: {}", heard);
    assertThat(heard).startsWith("help").endsWith("four five six one");
    assertThat(filesUnder(temp)).isEmpty();
  }

  @Test
  void manyRequestsAtOnceAllGetTheirOwnAudio() throws Exception {
    List<SynthesisRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      requests.add(request(engine, i % 2 == 0 ? "four five six one" : "seven three nine two", 1.0));
    }
    List<short[]> alone = List.of(say(engine, requests.get(0)), say(engine, requests.get(1)));
    List<short[]> together = Engines.speakAtOnce(engine, requests);
    for (int i = 0; i < 6; i++) {
      assertThat(together.get(i)).as("request " + i).isEqualTo(alone.get(i % 2));
    }
    assertThat(filesUnder(temp)).isEmpty();
  }

  @Test
  void closingMidSynthesisKillsFliteAndFreesTheWorker() throws Exception {
    try (SynthesisEngine one = create(Map.of("threads", "1"))) {
      SpeechCollector c = new SpeechCollector();
      SynthesisStream stream = one.open(request(one, SENTENCE.repeat(100), 1.0), c);
      await().atMost(LIMIT).until(() -> !runningFlites().isEmpty());
      long start = System.nanoTime();
      stream.close();
      await().atMost(Duration.ofSeconds(2)).until(() -> runningFlites().isEmpty());
      long killedMs = (System.nanoTime() - start) / 1_000_000;
      log.info("flite gone {} ms after close", killedMs);
      // The only worker is free again: a short text is spoken at once.
      assertThat(say(one, request(one, "yes", 1.0))).isNotEmpty();
      assertThat(c.samples()).isZero();
      assertThat(c.ended()).isFalse();
      assertThat(filesUnder(temp)).isEmpty();
    }
  }

  @Test
  void audioBeyondMaxAudioSecondsFailsAndKillsFlite() throws Exception {
    try (SynthesisEngine capped = create(Map.of("max-audio-seconds", "3"))) {
      SpeechCollector c = new SpeechCollector();
      capped.open(request(capped, SENTENCE.repeat(30), 1.0), c);
      SynthesisException e = c.awaitError(LIMIT);
      assertThat(e.kind()).isEqualTo(SynthesisException.Kind.ENGINE_FAILURE);
      assertThat(e).hasMessageContaining("more than 3 s of audio (max-audio-seconds)");
      assertThat(c.samples()).isZero();
      await().atMost(Duration.ofSeconds(2)).until(() -> runningFlites().isEmpty());
      assertThat(filesUnder(temp)).isEmpty();
    }
  }

  @Test
  void theWorkingFolderGoesAtClose(@TempDir Path own) throws Exception {
    SynthesisEngine e = create(Map.of("temp-dir", own.toString()));
    say(e, request(e, "yes", 1.0));
    try (Stream<Path> inside = Files.list(own)) {
      assertThat(inside.toList()).singleElement().satisfies(d -> assertThat(d).isDirectory());
    }
    e.close();
    try (Stream<Path> inside = Files.list(own)) {
      assertThat(inside.toList()).isEmpty();
    }
  }

  @Test
  void aMissingProgramIsAClearErrorAtLoad() {
    assertThatThrownBy(() -> create(Map.of("program", "/no/such/flite")))
        .isInstanceOf(SynthesisException.class)
        .hasMessageStartingWith("cannot run the flite program '/no/such/flite'")
        .hasMessageContaining("No such file");
  }

  @Test
  void synthesisIsManyTimesFasterThanRealTime() throws Exception {
    long start = System.nanoTime();
    short[] pcm = say(engine, request(engine, SENTENCE.repeat(10), 1.0));
    double wall = (System.nanoTime() - start) / 1e9;
    double audio = SpeechCollector.seconds(pcm, 16000);
    log.info(
        "flite (rms) made {} s of audio in {} s: {}x real time",
        String.format("%.1f", audio),
        String.format("%.2f", wall),
        Math.round(audio / wall));
    assertThat(audio / wall).isGreaterThan(3.0);
  }
}
