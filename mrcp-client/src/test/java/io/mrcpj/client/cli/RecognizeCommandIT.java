package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mrcpj.server.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code mrcp-client recognize} against the real server on loopback. */
class RecognizeCommandIT {

  private static final Path SPEECH = Path.of("src/test/resources/speech");
  private static CliServer server;
  private static String address;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    server = CliServer.start(34000, cfg -> cfg);
    address = server.address();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private static String wav(String name) {
    return SPEECH.resolve(name + "-8k.wav").toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PCMU", "PCMA", "G722", "L16", "L16/8000"})
  void printsTheWordsAndTheNlsmlWithExitCode0(String codec) {
    int rc =
        run(
            "recognize",
            "--server",
            address,
            "--codec",
            codec,
            "--fast",
            wav("kal-four-five-six-one"));
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("four five six one")
        .contains("Completion-Cause: 000 success")
        .contains("<input mode=\"speech\">four five six one</input>");
  }

  @Test
  void jsonOverTcpWithAGrammarFile() throws Exception {
    Path grammar = Path.of("src/test/resources/grammars/yesno.grxml");
    int rc =
        run(
            "recognize",
            "--server",
            address,
            "--transport",
            "tcp",
            "--grammar",
            grammar.toString(),
            "--json",
            "--fast",
            wav("awb-yes"));
    assertThat(rc).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("completionCause").asInt()).isZero();
    assertThat(json.get("text").asText()).isEqualTo("yes");
    assertThat(json.get("instance").asText()).isEqualTo("true");
    assertThat(json.get("codec").asText()).isEqualTo("0 PCMU/8000");
    assertThat(json.get("timings").get("audioEndToCompleteMs").asDouble()).isPositive();
  }

  @Test
  void rawPcmIsReadWithItsRate(@TempDir Path dir) throws Exception {
    short[] pcm =
        io.mrcpj.core.media.WavFile.read(Files.readAllBytes(Path.of(wav("slt-four-five-six-one"))))
            .samples();
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(2 * pcm.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(pcm);
    Path raw = Files.write(dir.resolve("digits.raw"), b.array());
    int rc = run("recognize", "--server", address, "--rate", "8000", "--fast", raw.toString());
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("four five six one");
    assertThat(run("recognize", "--server", address, "--rate", "11025", raw.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be 8000 or 16000");
  }

  @Test
  void silenceIsNoInputWithExitCode1(@TempDir Path dir) throws Exception {
    Path silence = dir.resolve("silence.wav");
    Files.write(silence, io.mrcpj.core.media.WavFile.of(8000, new short[8000 * 3]).toBytes());
    int rc =
        run(
            "recognize",
            "--server",
            address,
            "--header",
            "No-Input-Timeout=800",
            silence.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(out.toString()).contains("Completion-Cause: 002 no-input-timeout");
  }

  @Test
  void aGrammarOutsideWhatWasSaidIsNoMatchWithExitCode1() {
    int rc =
        run(
            "recognize",
            "--server",
            address,
            "--grammar",
            "builtin:grammar/boolean",
            "--fast",
            wav("rms-please-call-me-tomorrow-morning"));
    assertThat(rc).isEqualTo(1);
    assertThat(out.toString()).contains("001 no-match");
  }

  @Test
  void aBrokenGrammarIsRefusedWithExitCode2(@TempDir Path dir) throws Exception {
    Path g = Files.writeString(dir.resolve("bad.grxml"), "<grammar root='x'><rule id='x'>");
    int rc = run("recognize", "--server", address, "--grammar", g.toString(), wav("rms-yes"));
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("refused the RECOGNIZE").contains("grammar");
  }

  @Test
  void usageErrorsNameTheProblemWithExitCode2(@TempDir Path dir) throws Exception {
    assertThat(run("recognize", "--server", address, "/no/such.wav")).isEqualTo(2);
    assertThat(err.toString()).contains("no such file: /no/such.wav");
    assertThat(run("recognize", "--codec", "G729", wav("rms-yes"))).isEqualTo(2);
    assertThat(err.toString()).contains("--codec must be");
    assertThat(run("recognize", "--server", "nohost", wav("rms-yes"))).isEqualTo(2);
    assertThat(err.toString()).contains("--server must be HOST:PORT");
    assertThat(run("recognize", "--transport", "sctp", wav("rms-yes"))).isEqualTo(2);
    assertThat(err.toString()).contains("--transport must be udp, tcp or tls");
    Path notWav = Files.writeString(dir.resolve("x.wav"), "hello");
    assertThat(run("recognize", "--server", address, notWav.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not usable audio");
    assertThat(run("recognize", "--server", address, "--grammar", "/no/such.grxml", wav("rms-yes")))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no such grammar file");
  }

  @Test
  void anUnreachableServerIsExitCode2() throws Exception {
    int port = FreePorts.udpAndTcp();
    int rc =
        run(
            "recognize",
            "--server",
            "127.0.0.1:" + port,
            "--transport",
            "tcp",
            "--timeout",
            "3",
            wav("rms-yes"));
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("recognize:");
  }
}
