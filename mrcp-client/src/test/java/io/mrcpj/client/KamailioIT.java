package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.engine.EngineLoader;
import io.mrcpj.server.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-out behind a real Kamailio: the configuration in {@code docs/deploy/kamailio}, run as it is
 * with this test's ports and short probe timings given as {@code -A} defines, in front of two real
 * speech servers (demo engine) on loopback. Only SIP passes through the proxy; MRCP and RTP go from
 * the client to the server whose SDP answer it got.
 *
 * <p>Needs the {@code kamailio} and {@code kamcmd} binaries (Debian package kamailio, which .ci/run
 * installs): without them these tests fail, they do not skip.
 */
class KamailioIT {

  private static final Path CFG = Path.of("../docs/deploy/kamailio/kamailio.cfg");
  private static final Path WORK = Path.of("target/kamailio-it");
  private static final long WAIT_S = 30;

  private static RecognitionEngine demo;
  private static AudioSource speech;

  private TestServer a;
  private TestServer b;
  private Kamailio kamailio;
  private MrcpClient client;

  @BeforeAll
  static void load() throws Exception {
    demo = EngineLoader.load(new EngineConfig("demo", List.of(), Map.of()));
    speech = TestServer.speech("rms-four-five-six-one");
  }

  @AfterAll
  static void unload() {
    if (demo != null) {
      demo.close();
    }
  }

  /** Two servers, a Kamailio in front with the docs config and {@code defines}, a client of it. */
  private void start(String name, String... defines) throws Exception {
    start(name, 60, defines);
  }

  /** The same with server A taking at most {@code maxSessionsA} sessions at once. */
  private void start(String name, int maxSessionsA, String... defines) throws Exception {
    a = TestServer.start(40200, demo, maxSessionsA);
    b = TestServer.start(40500, demo, 60);
    kamailio = Kamailio.start(WORK.resolve(name), List.of(a.sipPort, b.sipPort), defines);
    client = MrcpClient.builder().server("127.0.0.1", kamailio.sipPort).build();
  }

  @AfterEach
  void stop() throws Exception {
    Exception first = null;
    // the client first: with record-route its BYEs pass through the proxy
    for (AutoCloseable c : new AutoCloseable[] {client, kamailio, a, b}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void roundRobinSpreadsFiftySessionsOverBothServersAndEveryOneRecognizes() throws Exception {
    start("round-robin");
    List<ClientSession> sessions = openAtOnce(50);
    try {
      assertThat(a.server.sessions() + b.server.sessions()).isEqualTo(50);
      assertThat(a.server.sessions()).as("sessions on server A").isBetween(15, 35);
      assertThat(b.server.sessions()).as("sessions on server B").isBetween(15, 35);
      recognizeOnEach(sessions);
      assertThat(a.server.engineAudioSeconds()).as("audio that reached A").isPositive();
      assertThat(b.server.engineAudioSeconds()).as("audio that reached B").isPositive();
    } finally {
      sessions.forEach(ClientSession::close);
    }
    // every session ended on its server (without record-route the BYEs go there directly)
    a.assertNothingLeft();
    b.assertNothingLeft();
    assertThat(kamailio.failuresAt(a.sipPort) + kamailio.failuresAt(b.sipPort)).isZero();
  }

  @Test
  void aStoppedServerIsTakenOutAndEveryNewSessionSucceedsOnTheOther() throws Exception {
    start("stopped");
    a.close();
    // whichever takes A out first, a probe without answer or an INVITE that times out and goes
    // on to B (the failover test below makes sure of the latter), no session is lost
    List<ClientSession> sessions = openAtOnce(20);
    try {
      assertThat(b.server.sessions()).isEqualTo(20);
      recognizeOnEach(sessions);
    } finally {
      sessions.forEach(ClientSession::close);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(kamailio.flags(a.sipPort)).startsWith("I"));
  }

  @Test
  void aDrainingServerLeavesTheRotationAtTheNextProbeAndComesBackAfterIt() throws Exception {
    start("draining");
    a.server.drain(true);
    // OPTIONS now get 503: the probe (every second here) takes A out
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(kamailio.flags(a.sipPort)).startsWith("I"));

    List<ClientSession> sessions = openAtOnce(20);
    try {
      assertThat(a.server.sessions()).isZero();
      assertThat(b.server.sessions()).isEqualTo(20);
      assertThat(kamailio.failuresAt(a.sipPort))
          .as("INVITEs sent to the draining server (it would have refused them with 503)")
          .isZero();
      recognizeOnEach(sessions);
    } finally {
      sessions.forEach(ClientSession::close);
    }

    a.server.drain(false);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(kamailio.flags(a.sipPort)).startsWith("A"));
    List<ClientSession> again = List.of(openOne(), openOne());
    try {
      assertThat(a.server.sessions()).as("round robin over both again").isEqualTo(1);
      assertThat(b.server.sessions()).isEqualTo(1);
    } finally {
      again.forEach(ClientSession::close);
    }
  }

  @Test
  void withoutProbesAnInviteRefusedWith503OrUnansweredGoesOnToTheOtherServer() throws Exception {
    start("failover", "PING_INTERVAL=0");
    String atA = "sip:127.0.0.1:" + a.sipPort;

    a.server.drain(true);
    // one after the other: round robin sends one of the two to A, which answers 503
    List<ClientSession> refused = List.of(openOne(), openOne());
    assertThat(b.server.sessions()).isEqualTo(2);
    assertThat(kamailio.log()).contains(atA + " failed (reply 503)");
    assertThat(kamailio.flags(a.sipPort)).startsWith("I");
    refused.forEach(ClientSession::close);

    a.server.drain(false);
    kamailio.rpc("dispatcher.set_state", "a", "1", atA); // what an operator does by hand
    assertThat(kamailio.flags(a.sipPort)).startsWith("A");
    a.close();
    // A no longer answers at all: after NO_REPLY_MS (2 s) the INVITE goes on to B
    List<ClientSession> unanswered = List.of(openOne(), openOne());
    try {
      assertThat(b.server.sessions()).isEqualTo(2);
      assertThat(kamailio.log()).contains(atA + " failed (reply 408)");
      recognizeOnEach(unanswered);
    } finally {
      unanswered.forEach(ClientSession::close);
    }
  }

  @Test
  void aFullServerLeavesTheRotationUntilOneOfItsSessionsEnds() throws Exception {
    start("full", 2);
    Map<TestServer, List<ClientSession>> on = openOneByOne(4);
    assertThat(on.get(a)).as("round robin filled A").hasSize(2);
    // A answers OPTIONS with 503 "Session limit reached" now
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(kamailio.flags(a.sipPort)).startsWith("I"));
    List<ClientSession> more = openAtOnce(10);
    assertThat(b.server.sessions()).isEqualTo(12);
    assertThat(kamailio.failuresAt(a.sipPort)).as("INVITEs sent to the full server").isZero();
    recognizeOnEach(more);

    on.get(a).get(0).close();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(kamailio.flags(a.sipPort)).startsWith("A"));
    List<ClientSession> again = List.of(openOne(), openOne());
    assertThat(a.server.sessions()).as("one of the next two took the free place").isEqualTo(2);
    Stream.of(more, again, on.get(a), on.get(b))
        .flatMap(List::stream)
        .filter(s -> !s.isClosed())
        .forEach(ClientSession::close);
  }

  @Test
  void callLoadSendsNewSessionsToTheServerRunningFewer() throws Exception {
    start("call-load", "WITH_CALL_LOAD");
    Map<TestServer, List<ClientSession>> on = openOneByOne(4);
    assertThat(on.get(a)).as("each new session went where fewer ran").hasSize(2);
    assertThat(on.get(b)).hasSize(2);
    recognizeOnEach(on.get(a));

    // A's sessions end; their BYEs pass through the proxy (record-route) and take A's load off
    on.get(a).forEach(ClientSession::close);
    await().atMost(Duration.ofSeconds(5)).until(() -> a.server.sessions() == 0);
    List<ClientSession> next = List.of(openOne(), openOne());
    try {
      assertThat(a.server.sessions())
          .as("both to A (0, then 1 running) rather than B (2)")
          .isEqualTo(2);
      assertThat(b.server.sessions()).isEqualTo(2);
      recognizeOnEach(next);
    } finally {
      next.forEach(ClientSession::close);
      on.get(b).forEach(ClientSession::close);
    }
  }

  // ---- helpers ----

  private ClientSession openOne() throws Exception {
    return client.openSession(Duration.ofSeconds(WAIT_S));
  }

  /** Opens {@code n} sessions one after the other; the sessions each server took. */
  private Map<TestServer, List<ClientSession>> openOneByOne(int n) throws Exception {
    Map<TestServer, List<ClientSession>> on = new HashMap<>();
    on.put(a, new ArrayList<>());
    on.put(b, new ArrayList<>());
    for (int i = 0; i < n; i++) {
      int before = a.server.sessions();
      ClientSession s = openOne();
      on.get(a.server.sessions() > before ? a : b).add(s);
    }
    return on;
  }

  /** Opens {@code n} sessions at once through the proxy; fails when any of them fails. */
  private List<ClientSession> openAtOnce(int n) throws Exception {
    List<CompletableFuture<ClientSession>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pending.add(client.openSession());
    }
    List<ClientSession> open = new ArrayList<>();
    List<Throwable> failed = new ArrayList<>();
    for (CompletableFuture<ClientSession> f : pending) {
      try {
        open.add(f.get(WAIT_S, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        failed.add(e.getCause());
      }
    }
    if (!failed.isEmpty()) {
      open.forEach(ClientSession::close);
      throw new AssertionError(
          failed.size()
              + " of "
              + n
              + " sessions failed: "
              + failed.get(0)
              + "\n"
              + kamailio.tail(),
          failed.get(0));
    }
    return open;
  }

  /** A RECOGNIZE on every session at once, each with its own result from the demo engine. */
  private static void recognizeOnEach(List<ClientSession> sessions) throws Exception {
    List<CompletableFuture<RecognitionResult>> results = new ArrayList<>();
    for (int i = 0; i < sessions.size(); i++) {
      results.add(
          sessions
              .get(i)
              .recognize(
                  RecognizeRequest.builder()
                      .grammar(Grammar.TRANSCRIBE)
                      .audio(speech)
                      .pacing(Pacing.FAST)
                      .header("Vendor-Specific-Parameters", "demo.result=session " + i)
                      .timeout(Duration.ofSeconds(WAIT_S))
                      .build()));
    }
    for (int i = 0; i < results.size(); i++) {
      RecognitionResult r = results.get(i).get(WAIT_S, TimeUnit.SECONDS);
      assertThat(r.cause()).as("session %d", i).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(r.text()).isEqualTo("session " + i);
    }
  }

  /**
   * A kamailio process running the docs configuration, its runtime files (pid, control socket, log,
   * dispatcher list) in its own folder. Stopped, children included, on close.
   */
  private static final class Kamailio implements AutoCloseable {

    private static final Pattern DEST = Pattern.compile("URI: (\\S+)\\s+FLAGS: (\\w+)");

    final int sipPort;
    private final Process process;
    private final Path log;
    private final String ctl;
    private final String kamcmd;

    private Kamailio(int sipPort, Process process, Path log, String ctl, String kamcmd) {
      this.sipPort = sipPort;
      this.process = process;
      this.log = log;
      this.ctl = ctl;
      this.kamcmd = kamcmd;
    }

    /**
     * Starts kamailio with {@code servers} (SIP ports on 127.0.0.1) as dispatcher set 1 and waits
     * until it lists them all in rotation. {@code overrides} are NAME[=value] defines.
     */
    static Kamailio start(Path dir, List<Integer> servers, String... overrides) throws Exception {
      String kamailio = binary("kamailio");
      String kamcmd = binary("kamcmd");
      if (Files.isDirectory(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Path run = Files.createDirectories(dir).toAbsolutePath();
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < servers.size(); i++) {
        list.append("1 sip:127.0.0.1:")
            .append(servers.get(i))
            .append(" 8 0 duid=mrcpj-")
            .append(i)
            .append(";maxload=60\n");
      }
      Files.writeString(run.resolve("dispatcher.list"), list);
      int port = FreePorts.udpAndTcp();
      String ctl = "unix:" + run.resolve("ctl");
      Map<String, String> defines = new LinkedHashMap<>();
      defines.put("LISTEN_ADDR", "127.0.0.1");
      defines.put("SIP_PORT", Integer.toString(port));
      defines.put("DS_LIST", '"' + run.resolve("dispatcher.list").toString() + '"');
      defines.put("CTL_SOCKET", '"' + ctl + '"');
      defines.put("WORKERS", "2");
      defines.put("PING_INTERVAL", "1");
      defines.put("PING_FAILURES", "1");
      defines.put("NO_REPLY_MS", "2000");
      for (String o : overrides) {
        int eq = o.indexOf('=');
        defines.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? null : o.substring(eq + 1));
      }
      List<String> cmd = new ArrayList<>(List.of(kamailio, "-f", CFG.toAbsolutePath().toString()));
      cmd.addAll(List.of("-DD", "-E", "-Y", run.toString(), "-w", run.toString()));
      cmd.addAll(List.of("-P", run.resolve("kamailio.pid").toString()));
      defines.forEach((k, v) -> cmd.addAll(List.of("-A", v == null ? k : k + "=" + v)));
      Path log = run.resolve("kamailio.log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Kamailio k = new Kamailio(port, p, log, ctl, kamcmd);
      try {
        await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  assertThat(p.isAlive()).as("kamailio exited:\n%s", k.tail()).isTrue();
                  for (int server : servers) {
                    assertThat(k.flags(server)).as("server %d in rotation", server).startsWith("A");
                  }
                });
      } catch (Throwable t) {
        k.close();
        throw t;
      }
      return k;
    }

    /** The binary from PATH or /usr/sbin; a clear failure when it is not installed. */
    private static String binary(String name) {
      List<String> dirs =
          new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
      dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
      for (String d : dirs) {
        Path p = Path.of(d.isEmpty() ? "." : d, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
      throw new AssertionError(
          name
              + " not found on PATH or in /usr/sbin: install the Debian package kamailio"
              + " (apt-get install kamailio; .ci/run does). This test fails rather than skips.");
    }

    /** Runs a kamcmd RPC on the control socket; its output. */
    String rpc(String... command) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(kamcmd, "-s", ctl));
      cmd.addAll(List.of(command));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("kamcmd " + String.join(" ", command) + " failed: " + out);
      }
      return out;
    }

    /** The dispatcher flags of the server on {@code port}: AP in rotation, IP out, ... */
    String flags(int port) throws IOException, InterruptedException {
      Matcher m = DEST.matcher(rpc("dispatcher.list"));
      while (m.find()) {
        if (m.group(1).equals("sip:127.0.0.1:" + port)) {
          return m.group(2);
        }
      }
      return "(not listed)";
    }

    String log() throws IOException {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** INVITEs the server on {@code port} refused or left unanswered (the failure route's log). */
    long failuresAt(int port) throws IOException {
      String mark = "sip:127.0.0.1:" + port + " failed (reply ";
      return log().lines().filter(l -> l.contains(mark)).count();
    }

    String tail() {
      try {
        List<String> lines = log().lines().toList();
        return "kamailio log:\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no kamailio log: " + e + ")";
      }
    }

    @Override
    public void close() throws InterruptedException {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy(); // SIGTERM: the main process stops its children
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }
}
