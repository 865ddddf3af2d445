package io.mrcpj.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The distribution archive as an operator gets it: unpacked with tar into a folder whose name has a
 * space, started with its script, asked for SIP OPTIONS, and stopped with SIGTERM. Real processes
 * throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionIT {

  private static final String NAME = System.getProperty("dist.name", "mrcpj-server");
  private static final Path ARCHIVE =
      Path.of(System.getProperty("dist.archive", "target/" + NAME + ".tar.gz"));
  private static final Path ZIP =
      Path.of(System.getProperty("dist.zip", "target/" + NAME + ".zip"));

  private static final List<String> FILES =
      List.of(
          "bin/mrcp-server",
          "conf/mrcp-server.yaml",
          "conf/logback.xml",
          "lib/mrcp-server.jar",
          "systemd/mrcp-server.service",
          "README.md",
          "docs/CONFIGURATION.md",
          "docs/SECURITY.md",
          "docs/OPERATIONS.md");

  private Path work;
  private Path home;

  @BeforeAll
  void unpack() throws Exception {
    assertThat(ARCHIVE).as("the archive mrcp-dist builds in package").isRegularFile();
    work = Path.of("target", "dist it").toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work);
    Result tar = run(List.of("tar", "-xpzf", ARCHIVE.toAbsolutePath().toString(), "-C", "."), work);
    assertThat(tar.exit).as("tar -xzf: " + tar.output).isZero();
    home = work.resolve(NAME);
  }

  @Test
  void theArchiveHoldsOneFolderWithTheLayoutAndModes() throws Exception {
    Result list = run(List.of("tar", "-tzf", ARCHIVE.toAbsolutePath().toString()), work);
    assertThat(list.exit).isZero();
    assertThat(list.output.lines()).isNotEmpty().allMatch(l -> l.startsWith(NAME + "/"));

    for (String f : FILES) {
      assertThat(home.resolve(f)).as(f).isRegularFile();
    }
    assertThat(mode(home.resolve("bin/mrcp-server"))).isEqualTo("rwxr-xr-x");
    assertThat(Files.isExecutable(home.resolve("bin/mrcp-server"))).isTrue();
    for (String f : FILES) {
      if (!f.startsWith("bin/")) {
        assertThat(mode(home.resolve(f))).as(f).isEqualTo("rw-r--r--");
      }
    }
    for (String d : List.of("", "bin", "conf", "lib", "systemd", "docs")) {
      assertThat(mode(home.resolve(d))).as("folder " + d).isEqualTo("rwxr-xr-x");
    }
    String script = Files.readString(home.resolve("bin/mrcp-server"));
    assertThat(script).startsWith("#!/bin/sh\n").doesNotContain("\r");

    // The configuration shipped is the one the doc test (mrcp-server) checks.
    assertThat(Files.readString(home.resolve("conf/mrcp-server.yaml")))
        .isEqualTo(Files.readString(Path.of("src/main/dist/conf/mrcp-server.yaml")));

    // The executable jar, with the Vosk model inside: nothing is downloaded at run time.
    try (JarFile jar = new JarFile(home.resolve("lib/mrcp-server.jar").toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.mrcpj.server.Main");
      assertThat(jar.getEntry("io/mrcpj/asr/vosk/model-en-us.zip")).isNotNull();
    }
  }

  @Test
  void theZipHoldsTheSameFiles() throws Exception {
    Set<String> inZip = new TreeSet<>();
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      zip.stream().filter(e -> !e.isDirectory()).forEach(e -> inZip.add(e.getName()));
    }
    Set<String> unpacked = new TreeSet<>();
    try (Stream<Path> files = Files.walk(home)) {
      files
          .filter(Files::isRegularFile)
          .forEach(f -> unpacked.add(NAME + "/" + home.relativize(f).toString()));
    }
    assertThat(inZip).isEqualTo(unpacked);
  }

  @Test
  void helpPrintsTheUsageAndExits0EvenThroughASymlink() throws Exception {
    Result help = script(List.of("--help"), Map.of());
    assertThat(help.exit).as(help.output).isZero();
    assertThat(help.output).contains("Usage: mrcp-server").contains("--config=FILE");

    Path link = work.resolve("mrcp-server-link");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, home.resolve("bin/mrcp-server"));
    Result viaLink = run(List.of(link.toString(), "--version"), work);
    assertThat(viaLink.exit).as(viaLink.output).isZero();
    assertThat(viaLink.output).contains("mrcp-server");
  }

  @Test
  void aConfigOnTheCommandLineReplacesTheDefaultOne() throws Exception {
    // Were the script to add its own --config too, the server would refuse the second one.
    Result r = script(List.of("--config", "/no/such/mrcp.yaml"), Map.of());
    assertThat(r.exit).as(r.output).isEqualTo(2);
    assertThat(r.output).contains("/no/such/mrcp.yaml: no such file");
  }

  @Test
  void aJavaHomeWithoutJavaIsExitCode1SayingSo() throws Exception {
    Result r = script(List.of("--help"), Map.of("JAVA_HOME", work.resolve("no-java").toString()));
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.output).contains("JAVA_HOME").contains("no-java/bin/java");
  }

  @Test
  void startsFromTheArchiveAnswersAndStopsOnSigterm() throws Exception {
    int sip = freePort();
    int mrcp = freePort();
    int metrics = freePort();
    String config =
        "sip:\n  port: "
            + sip
            + "\nmrcp:\n  port: "
            + mrcp
            + "\nrtp:\n  port-min: 41000\n  port-max: 41100\n"
            + "engine:\n  default: demo\n"
            + "limits:\n  shutdown-grace: 2\n"
            + "metrics:\n  port: "
            + metrics
            + "\n";
    Path conf = Files.createDirectories(work.resolve("it-conf"));
    Path file = Files.writeString(conf.resolve("mrcp-server.yaml"), config);

    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/mrcp-server").toString());
    environment(pb, Map.of("MRCPJ_CONFIG", file.toString()));
    pb.directory(work.toFile()).redirectErrorStream(true);
    Process server = pb.start();
    StringBuffer log = new StringBuffer();
    Thread pump = pump(server.getInputStream(), log);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!log.toString().contains("mrcp-server ready")
          && server.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(log.toString()).as("the server's output").contains("mrcp-server ready");

      // exec: the script's process is the JVM, so SIGTERM reaches it.
      ProcessHandle.Info info = server.info();
      assertThat(info.command()).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
      assertThat(info.arguments().map(Arrays::asList))
          .hasValueSatisfying(
              args ->
                  assertThat(args)
                      .contains("-Xmx512m", "-XX:+ExitOnOutOfMemoryError")
                      .contains("-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"))
                      .containsSubsequence("--config", file.toString()));
      // conf/logback.xml writes ISO dates (the jar's own writes times only), no empty brackets
      // for lines outside a session, and logback found nothing to complain about in it.
      assertThat(log.toString())
          .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d")
          .doesNotContain("[ ]")
          .doesNotContain("ch.qos.logback");

      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), mrcp), 2000);
      }
      assertThat(sipOptions(sip)).startsWith("SIP/2.0 200");
      // What the container image's HEALTHCHECK asks.
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

      long stopAt = System.nanoTime();
      // SIGTERM (Process.destroy() would also close the pipe of its output)
      assertThat(server.toHandle().destroy()).isTrue();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
      long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
      pump.join(5000);
      // A JVM that ran its shutdown hooks after SIGTERM exits with 128 + 15.
      assertThat(server.exitValue()).as(log.toString()).isEqualTo(143);
      assertThat(log.toString()).contains("stopping");
      assertThat(stopMillis).as("ms from SIGTERM to exit").isLessThan(10_000);
    } finally {
      server.destroyForcibly();
    }
  }

  /** Sends SIP OPTIONS over UDP and returns the answer's text. */
  private static String sipOptions(int port) throws IOException {
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udp.setSoTimeout(2000);
      int local = udp.getLocalPort();
      String request =
          "OPTIONS sip:mrcpj@127.0.0.1:"
              + port
              + " SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP 127.0.0.1:"
              + local
              + ";branch=z9hG4bK-dist-it-1\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:dist-it@127.0.0.1>;tag=dist-it\r\n"
              + "To: <sip:mrcpj@127.0.0.1>\r\n"
              + "Call-ID: dist-it-options@127.0.0.1\r\n"
              + "CSeq: 1 OPTIONS\r\n"
              + "Contact: <sip:dist-it@127.0.0.1:"
              + local
              + ">\r\n"
              + "Content-Length: 0\r\n\r\n";
      byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
      byte[] buf = new byte[65536];
      for (int attempt = 0; attempt < 3; attempt++) {
        udp.send(
            new DatagramPacket(
                bytes,
                bytes.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        try {
          DatagramPacket answer = new DatagramPacket(buf, buf.length);
          udp.receive(answer);
          return new String(buf, 0, answer.getLength(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
          // UDP: ask again
        }
      }
      return "no answer to OPTIONS";
    }
  }

  private Result script(List<String> args, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/mrcp-server").toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    environment(pb, env);
    return run(pb.directory(work.toFile()));
  }

  /** The environment of a shell with none of the script's variables set but JAVA_HOME. */
  private void environment(ProcessBuilder pb, Map<String, String> extra) {
    Map<String, String> env = pb.environment();
    env.remove("JAVA_OPTS");
    env.remove("MRCPJ_CONFIG");
    env.remove("MRCPJ_LOG_LEVEL");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
    env.putAll(extra);
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Path dir) throws Exception {
    return run(new ProcessBuilder(command).directory(dir.toFile()));
  }

  private static Result run(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    StringBuffer out = new StringBuffer();
    Thread pump = pump(p.getInputStream(), out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(pb.command() + " still running after 60 s: " + out);
    }
    pump.join(5000);
    return new Result(p.exitValue(), out.toString());
  }

  private static Thread pump(InputStream in, StringBuffer into) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                into.append("[output lost: ").append(e).append(']');
              }
            },
            "dist-it-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** A port free for both TCP and UDP (SIP listens on both). */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0)) {
        try (DatagramSocket udp = new DatagramSocket(tcp.getLocalPort())) {
          return tcp.getLocalPort();
        } catch (SocketException e) {
          // taken for UDP: try another
        }
      }
    }
    throw new IOException("no port free for both TCP and UDP");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
