package io.mrcpj.tts.flite;

import static io.mrcpj.tts.flite.FliteEngineIT.filesUnder;
import static io.mrcpj.tts.flite.FliteEngineIT.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisStream;
import io.mrcpj.tts.testkit.SpeechCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's process handling, against shell scripts standing in for flite: ones that hang, fail,
 * chatter, write the wrong audio or none. Each answers {@code -lv} like flite unless the test is
 * about loading.
 */
class FakeFliteIT {

  private static final String LISTS_VOICES =
      "if [ \"$1\" = -lv ]; then echo 'Voices available: kal rms slt'; exit 0; fi\n";

  @TempDir Path dir;

  /** An executable script with {@code body}; {@code PIDS} in it is a file for process ids. */
  private Path program(String body) throws Exception {
    Path script = dir.resolve("fake-flite");
    Files.writeString(script, "#!/bin/sh\n" + body.replace("PIDS", dir.resolve("pids").toString()));
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return script;
  }

  private SynthesisEngine engine(Path program, String... more) throws SynthesisException {
    Path temp = dir.resolve("temp");
    temp.toFile().mkdirs();
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put("program", program.toString());
    settings.put("temp-dir", temp.toString());
    for (int i = 0; i < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return FliteEngine.load(FliteSettings.parse(settings));
  }

  /** The ids the script wrote to PIDS: its own, then its child's. */
  private List<Long> pids() throws Exception {
    return Files.readAllLines(dir.resolve("pids")).stream().map(Long::parseLong).toList();
  }

  /** Gone, or a zombie waiting for a parent that is gone too: either way, no longer running. */
  private static boolean dead(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    } catch (Exception e) {
      return true;
    }
  }

  private void awaitDead(List<Long> pids) {
    await().atMost(Duration.ofSeconds(3)).until(() -> pids.stream().allMatch(FakeFliteIT::dead));
  }

  private static final String SLEEPS_WITH_A_CHILD =
      LISTS_VOICES + "echo $$ > PIDS\nsleep 60 &\necho $! >> PIDS\nwait\n";

  @Test
  void aRunPastTimeoutFailsAndItsProcessTreeIsKilled() throws Exception {
    try (SynthesisEngine e = engine(program(SLEEPS_WITH_A_CHILD), "timeout-ms", "500")) {
      SpeechCollector c = new SpeechCollector();
      long start = System.nanoTime();
      e.open(request(e, "four five six one", 1.0), c);
      SynthesisException error = c.awaitError(Duration.ofSeconds(10));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(error.kind()).isEqualTo(SynthesisException.Kind.ENGINE_FAILURE);
      assertThat(error)
          .hasMessageEndingWith("did not finish within 500 ms (timeout-ms) and was killed");
      assertThat(tookMs).isBetween(450L, 3_000L);
      awaitDead(pids());
      assertThat(filesUnder(dir.resolve("temp"))).isEmpty();
    }
  }

  @Test
  void closingTheStreamKillsTheProcessTreePromptly() throws Exception {
    try (SynthesisEngine e = engine(program(SLEEPS_WITH_A_CHILD))) {
      SpeechCollector c = new SpeechCollector();
      SynthesisStream stream = e.open(request(e, "four", 1.0), c);
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("pids")));
      await().until(() -> pids().size() == 2);
      long start = System.nanoTime();
      stream.close();
      awaitDead(pids());
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000L);
      assertThat(c.ended()).isFalse();
    }
  }

  @Test
  void aProgramThatHangsAtLoadIsRefusedNamingTheTimeout() throws Exception {
    Path hangs = program("echo $$ > PIDS\nexec sleep 60\n");
    assertThatThrownBy(() -> engine(hangs, "timeout-ms", "300"))
        .isInstanceOf(SynthesisException.class)
        .hasMessage("'" + hangs + "' did not finish within 300 ms (timeout-ms) and was killed");
    awaitDead(pids());
  }

  @Test
  void aFailingRunReportsTheExitCodeAndABoundedPartOfWhatItPrinted() throws Exception {
    Path fails =
        program(
            LISTS_VOICES
                + "echo 'cannot open audio device' >&2\n"
                + "head -c 100000 /dev/zero | tr '\\0' x >&2\nexit 3\n");
    try (SynthesisEngine e = engine(fails)) {
      SpeechCollector c = new SpeechCollector();
      e.open(request(e, "four", 1.0), c);
      SynthesisException error = c.awaitError(FliteEngineIT.LIMIT);
      assertThat(error)
          .hasMessageStartingWith("flite exited with code 3: cannot open audio device\nxxxx");
      assertThat(error.getMessage().length()).isLessThan(ChildProcess.OUTPUT_KEPT + 100);
    }
  }

  @Test
  void anEightKilohertzVoiceIsRefusedNotPlayedAtTheWrongSpeed() throws Exception {
    // Real flite, but with kal whatever voice is asked for.
    Path kal = program(LISTS_VOICES + "shift 2\nexec flite -voice kal \"$@\"\n");
    try (SynthesisEngine e = engine(kal)) {
      SpeechCollector c = new SpeechCollector();
      e.open(request(e, "four", 1.0), c);
      assertThat(c.awaitError(FliteEngineIT.LIMIT))
          .hasMessage("flite voice rms made 8000 Hz audio; this engine takes 16000 Hz voices only");
    }
  }

  @Test
  void aRunThatWritesNoAudioOrBrokenAudioFails() throws Exception {
    try (SynthesisEngine e = engine(program(LISTS_VOICES + "exit 0\n"))) {
      SpeechCollector c = new SpeechCollector();
      e.open(request(e, "four", 1.0), c);
      assertThat(c.awaitError(FliteEngineIT.LIMIT))
          .hasMessage("flite exited without writing audio");
    }
    Path broken =
        program(
            LISTS_VOICES
                + "while [ $# -gt 0 ]; do [ \"$1\" = -o ] && echo garbage > \"$2\"; shift; done\n");
    try (SynthesisEngine e = engine(broken)) {
      SpeechCollector c = new SpeechCollector();
      e.open(request(e, "four", 1.0), c);
      assertThat(c.awaitError(FliteEngineIT.LIMIT))
          .hasMessageStartingWith("flite wrote an unreadable WAV file: not a RIFF/WAVE file");
      assertThat(filesUnder(dir.resolve("temp"))).isEmpty();
    }
  }

  @Test
  void aProgramWithoutTheVoiceOrThatIsNotFliteIsRefusedAtLoad() throws Exception {
    Path noRms = program("echo 'Voices available: kal slt'\n");
    assertThatThrownBy(() -> engine(noRms))
        .hasMessage("flite setting voice: this flite has no voice 'rms' (it lists: kal slt)");
    assertThatThrownBy(() -> engine(Path.of("/bin/true")))
        .hasMessageStartingWith("flite program '/bin/true' does not look like flite");
    assertThatThrownBy(() -> engine(Path.of("/bin/false")))
        .hasMessage("flite program '/bin/false' -lv exited with code 1: ");
    assertThat(filesUnder(dir.resolve("temp"))).isEmpty();
    try (var inside = Files.list(dir.resolve("temp"))) {
      assertThat(inside.toList()).as("working folders of engines that failed to load").isEmpty();
    }
  }
}
