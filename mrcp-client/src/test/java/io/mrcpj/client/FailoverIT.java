package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.client.cli.Main;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.server.SpeechServer;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.config.TlsConfig;
import io.mrcpj.server.engine.EngineLoader;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client with several servers: real speech servers (demo engine) on loopback, some stopped
 * (nothing listening on their port), draining, refusing the client or wanting TLS, and what the
 * client does with each: which server a session lands on, how fast, and what {@link
 * MrcpClient#servers()} says.
 */
class FailoverIT {

  private static final AtomicInteger RTP = new AtomicInteger(45000);
  private static final Duration SHORT = Duration.ofMillis(600);

  @TempDir static Path dir;
  private static RecognitionEngine demo;
  private final List<SpeechServer> started = new ArrayList<>();

  @BeforeAll
  static void loadDemo() throws Exception {
    demo = EngineLoader.load(new EngineConfig("demo", List.of(), Map.of()));
  }

  @AfterAll
  static void closeDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void stopServers() {
    started.forEach(SpeechServer::close);
  }

  /** A server on {@code sipPort}, letting SIP requests from {@code sipAllow} in (null: all). */
  private SpeechServer start(int sipPort, List<String> sipAllow, TlsConfig tls) throws Exception {
    int rtp = RTP.getAndAdd(100);
    ServerConfig cfg =
        new ServerConfig(
            new SipConfig("127.0.0.1", sipPort, null, null, null, null, null, sipAllow),
            new MrcpConfig("127.0.0.1", 0, null, null, 1, null, tls),
            new RtpConfig("127.0.0.1", rtp, rtp + 98),
            null,
            new LimitsConfig(20));
    SpeechServer s = new SpeechServer(cfg, demo).start();
    started.add(s);
    return s;
  }

  private record Server(SpeechServer server, int port) {}

  private Server start() throws Exception {
    int port = FreePorts.udpAndTcp();
    return new Server(start(port, null, null), port);
  }

  private static MrcpClient.Builder client(int... ports) {
    MrcpClient.Builder b = MrcpClient.builder().serverTimeout(SHORT);
    for (int p : ports) {
      b.addServer("127.0.0.1", p);
    }
    return b;
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void whenTheFirstServerDoesNotAnswerTheSessionOpensOnTheNextAndTheFirstIsDown() throws Exception {
    int dead = FreePorts.udpAndTcp(); // nothing listens: UDP INVITEs go unanswered
    Server b = start();
    try (MrcpClient client = client(dead, b.port()).build()) {
      long t0 = System.nanoTime();
      ClientSession s = client.openSession(Duration.ofSeconds(10));
      assertThat(millisSince(t0)).as("waited for the first").isGreaterThanOrEqualTo(500);
      assertThat(b.server().sessions()).isEqualTo(1);

      ServerStatus first = client.servers().get(0);
      assertThat(first.port()).isEqualTo(dead);
      assertThat(first.state()).isEqualTo(ServerStatus.State.DOWN);
      assertThat(first.consecutiveFailures()).isEqualTo(1);
      assertThat(first.lastFailure()).contains("no answer to INVITE").contains("600 ms");
      assertThat(first.downUntil()).isAfter(Instant.now());
      ServerStatus second = client.servers().get(1);
      assertThat(second.state()).isEqualTo(ServerStatus.State.UP);
      assertThat(second.sessionsOpened()).isEqualTo(1);

      // while the first is down, new sessions go straight to the second
      t0 = System.nanoTime();
      client.openSession(Duration.ofSeconds(10)).close();
      assertThat(millisSince(t0)).isLessThan(500);
      assertThat(client.servers().get(1).sessionsOpened()).isEqualTo(2);
      s.close();
    }
  }

  @Test
  void overTcpARefusedConnectionFailsOverAtOnce() throws Exception {
    int dead = FreePorts.udpAndTcp();
    Server b = start();
    try (MrcpClient client =
        client(dead, b.port())
            .transport(SipTransport.TCP)
            .serverTimeout(Duration.ofSeconds(5))
            .build()) {
      long t0 = System.nanoTime();
      ClientSession s = client.openSession(Duration.ofSeconds(10));
      assertThat(millisSince(t0)).as("no timeout waited").isLessThan(3000);
      assertThat(b.server().sessions()).isEqualTo(1);
      s.close();
      assertThat(client.servers().get(0).state()).isEqualTo(ServerStatus.State.DOWN);
      assertThat(client.servers().get(0).lastFailure()).contains("cannot send INVITE");
    }
  }

  @Test
  void aDrainingServerAnswers503AndTheSessionGoesToTheNextAtOnceWhileItsOwnGoOn() throws Exception {
    Server a = start();
    Server b = start();
    try (MrcpClient client =
        client(a.port(), b.port()).serverTimeout(Duration.ofSeconds(5)).build()) {
      ClientSession onA = client.openSession(Duration.ofSeconds(10));
      assertThat(a.server().sessions()).isEqualTo(1);
      a.server().drain(true);

      long t0 = System.nanoTime();
      ClientSession onB = client.openSession(Duration.ofSeconds(10));
      assertThat(millisSince(t0)).isLessThan(2000);
      assertThat(b.server().sessions()).isEqualTo(1);
      ServerStatus sa = client.servers().get(0);
      assertThat(sa.state()).isEqualTo(ServerStatus.State.DOWN);
      assertThat(sa.lastFailure()).isEqualTo("503 Draining Retry-After 10 s");
      assertThat(Duration.between(sa.lastFailureAt(), sa.downUntil()))
          .isEqualTo(Duration.ofSeconds(10));

      // the session on the draining server is not affected
      RecognitionResult r =
          onA.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech("rms-yes"))
                  .pacing(Pacing.FAST)
                  .build());
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(onA.isClosed()).isFalse();
      assertThat(a.server().sessions()).isEqualTo(1);
      onA.close();
      onB.close();
    }
  }

  @Test
  void roundRobinSpreadsSessionsOverTwoHealthyServers() throws Exception {
    Server a = start();
    Server b = start();
    try (MrcpClient client =
        client(a.port(), b.port()).serverPolicy(ServerPolicy.ROUND_ROBIN).build()) {
      List<ClientSession> open = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        open.add(client.openSession(Duration.ofSeconds(10)));
      }
      assertThat(a.server().sessions()).isEqualTo(3);
      assertThat(b.server().sessions()).isEqualTo(3);
      assertThat(client.servers()).extracting(ServerStatus::sessionsOpened).containsExactly(3L, 3L);
      for (ClientSession s : open) {
        s.close();
      }
    }
  }

  @Test
  void failoverPutsEverySessionOnTheFirstServerWhileItIsUp() throws Exception {
    Server a = start();
    Server b = start();
    try (MrcpClient client = client(a.port(), b.port()).build()) {
      for (int i = 0; i < 3; i++) {
        client.openSession(Duration.ofSeconds(10)).close();
      }
      assertThat(client.servers()).extracting(ServerStatus::sessionsOpened).containsExactly(3L, 0L);
    }
  }

  @Test
  void aServerThatComesBackIsUsedAgainAfterItsDownTime() throws Exception {
    int port = FreePorts.udpAndTcp();
    Server b = start();
    try (MrcpClient client = client(port, b.port()).build()) {
      client.openSession(Duration.ofSeconds(10)).close();
      assertThat(client.servers().get(0).state()).isEqualTo(ServerStatus.State.DOWN);
      assertThat(client.servers().get(1).sessionsOpened()).isEqualTo(1);

      SpeechServer back = start(port, null, null);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> client.servers().get(0).state() == ServerStatus.State.UP);
      ClientSession s = client.openSession(Duration.ofSeconds(10));
      assertThat(back.sessions()).isEqualTo(1);
      ServerStatus first = client.servers().get(0);
      assertThat(first.sessionsOpened()).isEqualTo(1);
      assertThat(first.consecutiveFailures()).isZero();
      assertThat(first.lastFailure()).contains("no answer to INVITE");
      s.close();
      assertThat(client.servers().get(1).sessionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void whenNoServerTakesTheSessionTheExceptionNamesEachAndWhy() throws Exception {
    int dead1 = FreePorts.udpAndTcp();
    int dead2 = FreePorts.udpAndTcp();
    Server draining = start();
    draining.server().drain(true);
    try (MrcpClient client = client(dead1, draining.port(), dead2).build()) {
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(
              ServersUnavailableException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("127.0.0.1:" + dead1 + " (no answer to INVITE")
                    .contains("127.0.0.1:" + draining.port() + " (503 Draining")
                    .contains("127.0.0.1:" + dead2 + " (no answer to INVITE");
                assertThat(e.failures())
                    .extracting(ServersUnavailableException.Failure::server)
                    .containsExactly(
                        "127.0.0.1:" + dead1, "127.0.0.1:" + draining.port(), "127.0.0.1:" + dead2);
                assertThat(e.failures().get(1).cause())
                    .isInstanceOfSatisfying(
                        SessionRefusedException.class, r -> assertThat(r.status()).isEqualTo(503));
              });
      assertThat(client.servers())
          .extracting(ServerStatus::state)
          .containsOnly(ServerStatus.State.DOWN);

      // all down: each is still tried once, the one back soonest first, and its down time grows
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(10)))
          .isInstanceOf(ServersUnavailableException.class);
      ServerStatus d1 = client.servers().get(0);
      assertThat(d1.consecutiveFailures()).isEqualTo(2);
      assertThat(Duration.between(d1.lastFailureAt(), d1.downUntil()))
          .isEqualTo(Duration.ofSeconds(2));
    }
  }

  /** A session refused with {@code status} by the first server fails without trying the next. */
  private void refusedAtOnce(int first, int status) throws Exception {
    Server b = start();
    try (MrcpClient client = client(first, b.port()).build()) {
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(status));
      assertThat(b.server().sessions()).isZero();
      assertThat(client.servers())
          .allSatisfy(
              s -> {
                assertThat(s.state()).isEqualTo(ServerStatus.State.UP);
                assertThat(s.consecutiveFailures()).isZero();
                assertThat(s.sessionsOpened()).isZero();
              });
    }
  }

  @Test
  void a403FromAServerThatDoesNotAllowTheClientFailsAtOnceWithoutTryingTheNext() throws Exception {
    int port = FreePorts.udpAndTcp();
    start(port, List.of("10.0.0.0/8"), null);
    refusedAtOnce(port, 403);
  }

  @Test
  void a488FromAServerThatWantsTlsFailsAtOnceWithoutTryingTheNext() throws Exception {
    TestCertificates.Keys keys = TestCertificates.make(dir, "failover");
    int port = FreePorts.udpAndTcp();
    start(port, null, new TlsConfig(0, keys.keyStore().toString(), "secret", null, true));
    refusedAtOnce(port, 488);
  }

  @Test
  void probesMarkADrainingOrSilentServerDownAndAnAnsweringOneUpWithoutAnySession()
      throws Exception {
    Server a = start();
    int dead = FreePorts.udpAndTcp();
    try (MrcpClient client = client(a.port(), dead).probeInterval(Duration.ofMillis(200)).build()) {
      a.server().drain(true);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                ServerStatus sa = client.servers().get(0);
                assertThat(sa.state()).isEqualTo(ServerStatus.State.DOWN);
                assertThat(sa.lastFailure()).isEqualTo("probe: OPTIONS answered 503");
                ServerStatus silent = client.servers().get(1);
                assertThat(silent.state()).isEqualTo(ServerStatus.State.DOWN);
                assertThat(silent.lastFailure()).contains("no answer to OPTIONS");
              });
      a.server().drain(false);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> client.servers().get(0).state() == ServerStatus.State.UP);
      assertThat(client.servers().get(0).consecutiveFailures()).isZero();
      assertThat(a.server().sessions()).isZero();
    }
  }

  @Test
  void recognizeTakesAListOfServersAndFailsOverToTheSecond() throws Exception {
    int dead = FreePorts.udpAndTcp();
    Server b = start();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "recognize",
            "--server",
            "127.0.0.1:" + dead + ",127.0.0.1:" + b.port(),
            "--transport",
            "tcp",
            "--fast",
            TestServer.SPEECH.resolve("rms-yes-8k.wav").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Completion-Cause: 000 success");
  }
}
