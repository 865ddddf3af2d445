package io.mrcpj.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's command line: what a bad start looks like to an operator. */
class MainTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void captureStderr() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(savedErr);
  }

  private int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aMisspeltConfigKeyIsExitCode2NamingIt(@TempDir Path dir) throws Exception {
    Path cfg = Files.writeString(dir.resolve("s.yaml"), "sip:\n  prot: 5060\n");
    assertThat(run("-c", cfg.toString())).isEqualTo(2);
    assertThat(stderr()).contains("prot");
  }

  @Test
  void anOutOfRangeFlagIsExitCode2() {
    assertThat(run("--mrcp-port", "70000")).isEqualTo(2);
    assertThat(stderr()).contains("mrcp.port");
  }

  @Test
  void anOutOfRangeMetricsPortIsExitCode2() {
    assertThat(run("--metrics-port", "-1")).isEqualTo(2);
    assertThat(stderr()).contains("metrics.port");
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aTakenMetricsPortStopsTheStartWithExitCode1NamingIt() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(
              run(
                  "--engine",
                  "demo",
                  "--sip-port",
                  Integer.toString(io.mrcpj.server.testing.FreePorts.udpAndTcp()),
                  "--mrcp-port",
                  "0",
                  "--metrics-port",
                  Integer.toString(taken.getLocalPort())))
          .isEqualTo(1);
    }
    assertThat(stderr()).contains("metrics.port");
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aTakenSipPortStopsTheStartWithExitCode1NamingIt() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());
      assertThat(run("--engine", "demo", "--sip-port", port, "--mrcp-port", "0")).isEqualTo(1);
      assertThat(stderr()).contains("cannot start SIP on 127.0.0.1:" + port);
    }
  }

  @Test
  void aMissingModelStopsTheStartWithExitCode1AndSaysWhy(@TempDir Path dir) throws Exception {
    Path cfg =
        Files.writeString(
            dir.resolve("s.yaml"),
            "engine:\n  settings:\n    vosk:\n      model-path: /no/such/model\n");
    assertThat(run("-c", cfg.toString())).isEqualTo(1);
    assertThat(stderr()).contains("cannot load engine vosk").contains("/no/such/model");
  }
}
