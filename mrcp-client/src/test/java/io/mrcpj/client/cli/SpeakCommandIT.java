package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.client.ScriptedServer;
import io.mrcpj.client.TestAudio;
import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.sdp.ConnectionMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code speak} against a scripted server: the SPEAK it sends, the WAV it writes, its output. */
class SpeakCommandIT {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs the command line on another thread, so the test can play the server meanwhile. */
  private CompletableFuture<Integer> run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return CompletableFuture.supplyAsync(() -> cl.execute(args));
  }

  @Test
  void speaksIntoAWavFileWithExitCode0(@TempDir Path dir) throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(Map.of("speechsynth", "s1"), ConnectionMode.NEW)) {
      Path wav = dir.resolve("out.wav");
      CompletableFuture<Integer> exit =
          run(
              "speak",
              "--server",
              "127.0.0.1:" + server.sipPort(),
              "--voice",
              "slt",
              "--language",
              "en-US",
              "--rate",
              "fast",
              "--out",
              wav.toString(),
              "Hello there.");
      String offer = server.offer();
      ScriptedServer.Connection mrcp = server.accept();
      MrcpRequest speak = mrcp.next();
      assertThat(speak.headers().get("Content-Type")).contains("text/plain");
      assertThat(speak.headers().get("Voice-Name")).contains("slt");
      assertThat(speak.headers().get("Speech-Language")).contains("en-US");
      assertThat(speak.headers().get("Prosody-Rate")).contains("fast");
      assertThat(speak.bodyAsString()).isEqualTo("Hello there.");
      mrcp.respond(speak, 200, "IN-PROGRESS");
      short[] tone = TestAudio.tone(440, 4000);
      server.sendRtp(ScriptedServer.audioOf(offer), TestAudio.pcmu(tone, 0, 9), 0);
      mrcp.event(speak, "SPEECH-MARKER", "IN-PROGRESS", "Speech-Marker", "timestamp=1;m1");
      mrcp.event(speak, "SPEAK-COMPLETE", "COMPLETE", "Completion-Cause", "000 normal");

      assertThat(exit.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
      assertThat(server.bye(5)).startsWith("BYE ");
      WavFile w = WavFile.read(Files.readAllBytes(wav));
      assertThat(w.sampleRate()).isEqualTo(8000);
      assertThat(w.samples()).isEqualTo(TestAudio.ulawRoundTrip(tone));
      assertThat(out.toString())
          .contains("Completion-Cause: 000 normal")
          .contains("audio: 500 ms at 8000 Hz, 25 packets, 0 lost")
          .contains("marker: m1 at ");
    }
  }

  @Test
  void aRefusedSpeakIsExitCode2WithTheStatus(@TempDir Path dir) throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(Map.of("speechsynth", "s1"), ConnectionMode.NEW)) {
      CompletableFuture<Integer> exit =
          run(
              "speak",
              "--server",
              "127.0.0.1:" + server.sipPort(),
              "--ssml",
              "--out",
              dir.resolve("x.wav").toString(),
              "<speak>broken");
      ScriptedServer.Connection mrcp = server.accept();
      MrcpRequest speak = mrcp.next();
      assertThat(speak.headers().get("Content-Type")).contains("application/ssml+xml");
      mrcp.respond(speak, 200, "COMPLETE", "Completion-Cause", "002 parse-failure");
      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(err.toString()).contains("speak: 002 parse-failure");
    }
  }
}
