package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.testing.Interop;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void decodesACapturedStream() {
    int rc =
        run(
            "decode",
            "--body",
            Interop.file("unimrcp/recog-mrcp-stream0-server-to-client.bin").toString());
    assertThat(rc).isZero();
    assertThat(out.toString())
        .contains("RESPONSE 1 200 COMPLETE")
        .contains("EVENT START-OF-INPUT 2 IN-PROGRESS")
        .contains("EVENT RECOGNITION-COMPLETE 2 COMPLETE")
        .contains("  | <?xml version=\"1.0\"?>")
        .contains("malformed");
  }

  @Test
  void aMissingFileIsNamedWithExitCode2() {
    assertThat(run("decode", "/no/such/file.bin")).isEqualTo(2);
    assertThat(err.toString()).contains("no such file: /no/such/file.bin");
  }

  @Test
  void aNonMrcpFileIsRefusedWithExitCode2(@TempDir Path dir) throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("x.bin"), "GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);
    assertThat(run("decode", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not an MRCPv2 stream");
  }

  @Test
  void aMalformedMessageIsReportedAndTheRestDecoded(@TempDir Path dir) throws Exception {
    String bad = "MRCP/2.0 66 GET-PARAMS 7\r\nChannel-Identifier: a@speechrecog\r\nx\r\n\r\n";
    assertThat(bad.length()).isEqualTo(66);
    Path f = Files.writeString(dir.resolve("m.bin"), bad, StandardCharsets.US_ASCII);
    assertThat(run("decode", f.toString())).isEqualTo(2);
    assertThat(out.toString()).contains("MALFORMED request-id=7 status=408");
  }

  @Test
  void unknownOptionsExitWith2() {
    assertThat(run("decode", "--nope", "f")).isEqualTo(2);
    assertThat(err.toString()).contains("--nope");
  }
}
