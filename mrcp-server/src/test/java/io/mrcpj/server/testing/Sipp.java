package io.mrcpj.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs sipp (Debian package sip-tester) as a real SIP peer with a scenario from {@code
 * src/test/resources/sipp}. Exit code 0 means every call of the scenario passed (sipp checks the
 * messages and the {@code ereg check_it} assertions itself).
 */
public final class Sipp {

  /** The outcome of one run. */
  public record Result(int exitCode, String output) {}

  private final Process process;
  private final Path log;

  private Sipp(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** True when sipp is on the PATH. */
  public static boolean installed() {
    try {
      Process p = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * Starts sipp as a client running {@code scenario} once against {@code 127.0.0.1:serverPort}.
   *
   * @param transport "u1" (UDP) or "t1" (TCP)
   */
  public static Sipp start(String scenario, int serverPort, String transport) throws IOException {
    Path dir = Path.of("target", "sipp");
    Files.createDirectories(dir);
    Path file = Path.of("src", "test", "resources", "sipp", scenario).toAbsolutePath();
    List<String> cmd = new ArrayList<>();
    cmd.add("sipp");
    cmd.add("127.0.0.1:" + serverPort);
    cmd.addAll(
        List.of(
            "-sf",
            file.toString(),
            "-m",
            "1",
            "-i",
            "127.0.0.1",
            "-p",
            Integer.toString(FreePorts.udpAndTcp()),
            "-mp",
            Integer.toString(FreePorts.udp()),
            "-t",
            transport,
            "-nostdin",
            "-timeout",
            "20s",
            "-timeout_error",
            "-recv_timeout",
            "8000",
            "-trace_err",
            "-error_file",
            dir.resolve(scenario + ".errors.log").toAbsolutePath().toString()));
    Path log = dir.resolve(scenario + "." + transport + ".out");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Sipp(p, log);
  }

  /** Waits for sipp to finish (at most 30 s, then it is killed). */
  public Result await() throws IOException, InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      return new Result(-1, "sipp timed out\n" + read());
    }
    return new Result(process.exitValue(), read());
  }

  public void kill() {
    process.destroyForcibly();
  }

  private String read() throws IOException {
    String out = Files.readString(log, StandardCharsets.ISO_8859_1);
    Path err =
        log.resolveSibling(
            log.getFileName().toString().replaceFirst("\\.[ut]1\\.out$", ".errors.log"));
    if (Files.exists(err)) {
      out += "\n--- errors ---\n" + Files.readString(err, StandardCharsets.ISO_8859_1);
    }
    return out.length() > 8000 ? out.substring(out.length() - 8000) : out;
  }
}
