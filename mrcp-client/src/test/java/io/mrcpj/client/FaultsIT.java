package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.testing.SharedVosk;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the real server copes with peers and engines that misbehave, and with its limits: each test
 * starts its own server (real SIP, MRCP, RTP and Vosk on loopback) with the setting under test
 * turned down to a second or so, and checks both that the fault is answered clearly and that
 * everything the session held is freed while other sessions go on.
 */
class FaultsIT {

  private static final int RTP = 38000;

  /** limits with everything at its default but the named fields. */
  private static LimitsConfig limits(
      Integer perSource, Integer channelsPerConnection, Integer rtp, Integer mrcp, Integer engine) {
    return new LimitsConfig(50, perSource, channelsPerConnection, rtp, mrcp, null, engine);
  }

  private static CompletableFuture<String> closedReason(ClientSession s) {
    CompletableFuture<String> closed = new CompletableFuture<>();
    s.addListener(
        new SessionListener() {
          @Override
          public void onClosed(String reason) {
            closed.complete(reason);
          }
        });
    return closed;
  }

  private static RecognizeRequest realTime(String fixture) throws Exception {
    return RecognizeRequest.builder()
        .grammar(Grammar.TRANSCRIBE)
        .audio(TestServer.speech(fixture))
        .build();
  }

  private static RecognizeRequest fast(String fixture, String fault) throws Exception {
    RecognizeRequest.Builder b =
        RecognizeRequest.builder()
            .grammar(Grammar.TRANSCRIBE)
            .audio(TestServer.speech(fixture))
            .pacing(Pacing.FAST);
    if (fault != null) {
      b.header("Vendor-Specific-Parameters", "fault=" + fault);
    }
    return b.build();
  }

  @Test
  void aSessionThatStopsSendingRtpIsByedAfterTheRtpTimeoutAndOthersGoOn() throws Exception {
    try (TestServer server =
            TestServer.start(RTP, SharedVosk.get(), limits(null, null, 1, 0, null), null, null);
        MrcpClient client = server.client().build()) {
      ClientSession quiet = client.openSession(Duration.ofSeconds(5));
      CompletableFuture<String> quietClosed = closedReason(quiet);
      ClientSession talking = client.openSession(Duration.ofSeconds(5));
      CompletableFuture<RecognitionResult> heard =
          talking.recognize(realTime("rms-four-five-six-one"));
      long opened = System.nanoTime();

      assertThat(quietClosed.get(5, TimeUnit.SECONDS)).contains("BYE");
      assertThat((System.nanoTime() - opened) / 1e9).as("seconds to the BYE").isBetween(0.9, 3.0);
      RecognitionResult r = heard.get(20, TimeUnit.SECONDS);
      assertThat(r.text())
          .as("a session with RTP flowing is not ended")
          .isEqualTo("four five six one");
      assertThat(talking.isClosed()).isFalse();
      await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(server.server.sessions()).isEqualTo(1));
      talking.close();
      server.assertNothingLeft();
    }
  }

  @Test
  void aSessionWhoseClientNeverSendsAnMrcpRequestIsByedAfterTheMrcpTimeout() throws Exception {
    try (TestServer server =
            TestServer.start(RTP, SharedVosk.get(), limits(null, null, 0, 1, null), null, null);
        MrcpClient client = server.client().build()) {
      ClientSession silent = client.openSession(Duration.ofSeconds(5));
      CompletableFuture<String> silentClosed = closedReason(silent);
      ClientSession active = client.openSession(Duration.ofSeconds(5));
      MrcpResponse set =
          active.setParams(Map.of("Confidence-Threshold", "0.4")).get(5, TimeUnit.SECONDS);
      assertThat(set.status().code()).isEqualTo(200);

      assertThat(silentClosed.get(5, TimeUnit.SECONDS)).contains("BYE");
      Thread.sleep(1500); // longer than the timeout again: the session that spoke MRCP stays
      assertThat(active.isClosed()).isFalse();
      assertThat(server.server.sessions()).isEqualTo(1);
      RecognitionResult r = active.recognizeSync(fast("rms-yes", null));
      assertThat(r.text()).isEqualTo("yes");
      active.close();
      server.assertNothingLeft();
    }
  }

  @Test
  void sessionsFromOneSourceAreLimitedWith503AndRetryAfter() throws Exception {
    try (TestServer server =
            TestServer.start(RTP, SharedVosk.get(), limits(2, null, null, null, null), null, null);
        MrcpClient client = server.client().build()) {
      ClientSession a = client.openSession(Duration.ofSeconds(5));
      ClientSession b = client.openSession(Duration.ofSeconds(5));
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.reason()).contains("per source");
                assertThat(e.retryAfter()).isPresent();
              });
      assertThat(server.server.sessions()).isEqualTo(2);
      a.close();
      await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(server.server.sessions()).isEqualTo(1));
      try (ClientSession c = client.openSession(Duration.ofSeconds(5))) {
        assertThat(c.recognizeSync(fast("rms-yes", null)).text()).isEqualTo("yes");
      }
      b.close();
      server.assertNothingLeft();
    }
  }

  @Test
  void aSharedConnectionCarriesNoMoreChannelsThanTheLimit() throws Exception {
    try (TestServer server =
            TestServer.start(RTP, SharedVosk.get(), limits(null, 1, null, null, null), null, null);
        MrcpClient shared = server.client().build();
        MrcpClient separate = server.client().shareConnections(false).build()) {
      try (ClientSession a = shared.openSession(Duration.ofSeconds(5));
          ClientSession b = shared.openSession(Duration.ofSeconds(5))) {
        assertThat(shared.connections()).isEqualTo(1);
        assertThat(a.getParams("Confidence-Threshold").get(5, TimeUnit.SECONDS).status().code())
            .isEqualTo(200);
        MrcpResponse refused = b.getParams("Confidence-Threshold").get(5, TimeUnit.SECONDS);
        assertThat(refused.status().code()).isEqualTo(407);
        assertThat(refused.requestId()).isPositive();
        assertThat(a.recognizeSync(fast("rms-yes", null)).text())
            .as("the connection and its first channel go on")
            .isEqualTo("yes");
        a.close();
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () ->
                    assertThat(
                            b.getParams("Confidence-Threshold")
                                .get(5, TimeUnit.SECONDS)
                                .status()
                                .code())
                        .as("a's session ended: its channel no longer counts")
                        .isEqualTo(200));
        assertThat(shared.connections()).as("still the same connection").isEqualTo(1);
      }
      try (ClientSession c = separate.openSession(Duration.ofSeconds(5));
          ClientSession d = separate.openSession(Duration.ofSeconds(5))) {
        for (ClientSession s : List.of(c, d)) {
          assertThat(s.getParams("Confidence-Threshold").get(5, TimeUnit.SECONDS).status().code())
              .isEqualTo(200);
        }
      }
      server.assertNothingLeft();
    }
  }

  @Test
  void sipRequestsFromOutsideTheAllowListGet403AndNothingIsAllocated() throws Exception {
    try (TestServer server =
            TestServer.start(
                RTP, SharedVosk.get(), new LimitsConfig(50), List.of("10.0.0.0/8"), null);
        MrcpClient client = server.client().build()) {
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
      assertThat(server.server.sessions()).isZero();
      assertThat(server.server.rtpPortsInUse()).isZero();
    }
    try (TestServer server =
            TestServer.start(
                RTP, SharedVosk.get(), new LimitsConfig(50), List.of("127.0.0.0/8", "::1"), null);
        MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      assertThat(s.recognizeSync(fast("rms-yes", null)).text()).isEqualTo("yes");
    }
  }

  @Test
  void mrcpConnectionsFromOutsideTheAllowListAreClosedAtOnce() throws Exception {
    try (TestServer server =
        TestServer.start(
            RTP, SharedVosk.get(), new LimitsConfig(50), null, List.of("192.0.2.0/24"))) {
      InetSocketAddress mrcp = server.server.mrcpAddress();
      try (Socket raw = new Socket(mrcp.getAddress(), mrcp.getPort())) {
        raw.setSoTimeout(3000);
        InputStream in = raw.getInputStream();
        assertThat(in.read()).as("the server closed the connection").isEqualTo(-1);
      }
      try (MrcpClient client = server.client().build()) {
        // SIP is open to everyone here: the session is set up, then its MRCP connection is closed
        // by the server, so the client gives the session up (and BYEs it)
        assertThatThrownBy(
                () -> {
                  ClientSession s = client.openSession(Duration.ofSeconds(5));
                  s.getParams("Confidence-Threshold").get(5, TimeUnit.SECONDS);
                })
            .satisfies(
                e ->
                    assertThat(
                            e instanceof MrcpClientException
                                || e.getCause() instanceof MrcpClientException)
                        .as("fails as an MRCP client error: " + e)
                        .isTrue());
      }
      server.assertNothingLeft();
    }
  }

  @Test
  void anEngineThatThrowsFailsOnlyThatRecognitionWith006() throws Exception {
    FaultyEngine engine = new FaultyEngine(SharedVosk.get());
    try (TestServer server = TestServer.start(RTP, engine, new LimitsConfig(50), null, null);
        MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5));
        ClientSession other = client.openSession(Duration.ofSeconds(5))) {
      CompletableFuture<RecognitionResult> meanwhile =
          other.recognize(realTime("rms-four-five-six-one"));
      for (String fault : List.of("open", "feed", "end")) {
        RecognitionResult r = s.recognizeSync(fast("rms-yes", fault));
        assertThat(r.cause()).as(fault).isEqualTo(RecognizerCompletionCause.RECOGNIZER_ERROR);
        assertThat(r.reason()).as(fault).contains("injected fault");
        // the failed request's audio (sent at 50x real time) may still be in flight: let it land
        // before the next RECOGNIZE, or its tail is heard too ("yes yes")
        Thread.sleep(500);
        assertThat(s.recognizeSync(fast("rms-yes", null)).text())
            .as("the same channel recognizes again after a fault in " + fault)
            .isEqualTo("yes");
      }
      assertThat(meanwhile.get(20, TimeUnit.SECONDS).text()).isEqualTo("four five six one");
      assertThat(server.server.engineStreams()).isZero();
    }
  }

  @Test
  void anEngineThatNeverAnswersFailsTheRecognitionAfterTheEngineTimeout() throws Exception {
    FaultyEngine engine = new FaultyEngine(SharedVosk.get());
    try (TestServer server =
            TestServer.start(RTP, engine, limits(null, null, null, null, 1), null, null);
        MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r = s.recognizeSync(fast("rms-yes", "hang"));
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.RECOGNIZER_ERROR);
      assertThat(r.reason()).contains("no result from the engine within 1000 ms");
      assertThat(engine.hangingOpen).as("the hung stream was closed").hasValue(0);
      assertThat(s.recognizeSync(fast("rms-yes", null)).text()).isEqualTo("yes");
    }
  }

  @Test
  void shutdownLetsRunningSessionsFinishAndRefusesNewOnes() throws Exception {
    TestServer server = TestServer.start(RTP, SharedVosk.get(), new LimitsConfig(50), null, null);
    try (MrcpClient client = server.client().build()) {
      ClientSession running = client.openSession(Duration.ofSeconds(5));
      CompletableFuture<RecognitionResult> heard =
          running.recognize(realTime("rms-four-five-six-one"));
      CompletableFuture<Integer> left =
          CompletableFuture.supplyAsync(() -> server.server.shutdown(Duration.ofSeconds(20)));
      await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5)))
                      .isInstanceOfSatisfying(
                          SessionRefusedException.class,
                          e -> assertThat(e.status()).isEqualTo(503)));
      assertThat(heard.get(20, TimeUnit.SECONDS).text())
          .as("the running session finishes its recognition while draining")
          .isEqualTo("four five six one");
      assertThat(left).isNotDone();
      long closedAt = System.nanoTime();
      running.close();
      assertThat(left.get(5, TimeUnit.SECONDS)).as("sessions left at the end of grace").isZero();
      // stopping itself (SIP stack, event loops) takes a second or two; the 20 s grace is not
      // waited out once the last session has gone
      assertThat((System.nanoTime() - closedAt) / 1e9)
          .as("seconds from the last BYE to the stop")
          .isLessThan(10);
    } finally {
      server.close();
    }
  }

  @Test
  void sessionsStillRunningWhenTheGraceEndsAreByed() throws Exception {
    TestServer server = TestServer.start(RTP, SharedVosk.get(), new LimitsConfig(50), null, null);
    try (MrcpClient client = server.client().build()) {
      ClientSession stays = client.openSession(Duration.ofSeconds(5));
      CompletableFuture<String> closed = closedReason(stays);
      long start = System.nanoTime();
      assertThat(server.server.shutdown(Duration.ofSeconds(1))).isEqualTo(1);
      assertThat((System.nanoTime() - start) / 1e9)
          .as("seconds: the grace, then the stop")
          .isBetween(0.9, 10.0);
      assertThat(closed.get(5, TimeUnit.SECONDS)).contains("BYE");
      assertThat(server.server.rtpPortsInUse()).isZero();
    } finally {
      server.close();
    }
  }
}
