package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.media.WavFile;
import io.mrcpj.server.config.RecorderConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mrcp-client record} against the real server, which writes into a temporary folder. */
class RecordCommandIT {

  private static final Path SPEECH = Path.of("src/test/resources/speech");
  @TempDir static Path folder;
  private static CliServer server;
  private static String address;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    server =
        CliServer.start(
            34200,
            cfg ->
                cfg.withRecorder(
                    new RecorderConfig(true, folder.toString(), null, null, null, null)));
    address = server.address();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private int run(String... args) {
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void recordsTheCallerAndPrintsWhereTheServerPutIt() throws Exception {
    int rc =
        run(
            "record",
            "--server",
            address,
            "--final-silence",
            "800",
            "--record-uri",
            "calls/first.wav",
            SPEECH.resolve("rms-four-five-six-one-8k.wav").toString());
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Completion-Cause: 000 success-silence");
    Matcher m =
        Pattern.compile("Record-URI: (\\S+) \\((\\d+) bytes, (\\d+) ms\\)").matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    Path file = Path.of(new URI(m.group(1)));
    assertThat(file).isEqualTo(folder.resolve("calls/first.wav").toAbsolutePath().normalize());
    WavFile w = WavFile.read(Files.readAllBytes(file));
    assertThat(Files.size(file)).isEqualTo(Long.parseLong(m.group(2)));
    assertThat(w.durationMillis()).isEqualTo(Long.parseLong(m.group(3)));
  }

  @Test
  void aRecordUriOutsideTheServersFolderOrAMissingFileIsExit2() {
    int rc =
        run(
            "record",
            "--server",
            address,
            "--record-uri",
            "../outside.wav",
            SPEECH.resolve("rms-yes-8k.wav").toString());
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("003 uri-failure").contains("outside");
    assertThat(run("record", "--server", address, "/no/such/file.wav")).isEqualTo(2);
    assertThat(err.toString()).contains("no such file: /no/such/file.wav");
  }
}
