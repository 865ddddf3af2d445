package io.mrcpj.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.sdp.CodecSelector;
import io.mrcpj.core.sdp.MrcpAnswerReader;
import io.mrcpj.core.sdp.MrcpOfferBuilder;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.sdp.SdpWriter;
import io.mrcpj.core.sdp.SessionDescription;
import io.mrcpj.core.testing.Interop;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.engine.CountingEngine;
import io.mrcpj.server.media.RtpMediaService;
import io.mrcpj.server.resource.recog.RecognizerChannel;
import io.mrcpj.server.resource.recog.RecognizerDefaults;
import io.mrcpj.server.session.ChannelFactory;
import io.mrcpj.server.session.SessionChannel;
import io.mrcpj.server.session.SessionManager;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.RawSipPeer;
import io.mrcpj.server.testing.SharedVosk;
import io.mrcpj.server.testing.Sipp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SIP side against real peers on loopback: sipp (scenarios in src/test/resources/sipp) and
 * replays of the INVITEs UniMRCP's client and FreeSWITCH's mod_unimrcp really sent. Sessions are
 * real: RTP ports are bound and recognizer channels opened on the real Vosk engine.
 */
class SipServerIT {

  private static final int MAX_SESSIONS = 3;
  private static CountingEngine engine;
  private static ScheduledExecutorService timers;
  private static RtpMediaService rtp;
  private static SessionManager sessions;
  private static SipServer sip;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.installed())
        .as("sipp is needed: apt-get install sip-tester (.ci/run does)")
        .isTrue();
    engine = new CountingEngine(SharedVosk.get(), false);
    timers = Executors.newSingleThreadScheduledExecutor();
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 31000, 31100), 1);
    ChannelFactory recognizers =
        new ChannelFactory() {
          @Override
          public boolean supports(String resource) {
            return resource.equals("speechrecog");
          }

          @Override
          public SessionChannel create(io.mrcpj.core.message.ChannelId id, String callId) {
            RecognizerChannel c =
                new RecognizerChannel(id, engine, timers, RecognizerDefaults.defaults());
            return new SessionChannel(c, c, c.sampleRate(), c::close);
          }
        };
    sessions =
        new SessionManager(
            rtp, recognizers, "127.0.0.1", 1544, MAX_SESSIONS, CodecSelector.defaults());
    port = FreePorts.udpAndTcp();
    // an ACK timeout of 2 s (default 32) so that a missing ACK is seen quickly
    sip =
        new SipServer(
            new SipConfig("127.0.0.1", port, null, null, null, null, ACK_TIMEOUT, null), sessions);
    sip.start();
  }

  @AfterAll
  static void stop() {
    if (sip != null) {
      sip.close();
      rtp.close();
      timers.shutdownNow();
    }
  }

  @AfterEach
  void nothingLeft() {
    sip.afterAnswerForTest(null);
    sip.beforeCancelForTest(null);
    sessions.drain(false);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sip.calls()).as("SIP calls").isZero();
              assertThat(sessions.sessions()).as("sessions").isZero();
              assertThat(sessions.channelsOpen()).as("channels").isZero();
              assertThat(rtp.portsInUse()).as("RTP ports").isZero();
              assertThat(engine.openStreams()).as("engine streams").isZero();
            });
  }

  private static void passes(Sipp.Result r) {
    assertThat(r.exitCode()).as("sipp exit code; output:\n%s", r.output()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"u1", "t1"})
  void inviteAckByeHoldsOneSessionWithItsResourcesUntilBye(String transport) throws Exception {
    Sipp sipp = Sipp.start("invite-bye.xml", port, transport);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(sessions.sessions()).isEqualTo(1);
                assertThat(sessions.channelsOpen()).isEqualTo(1);
                assertThat(rtp.portsInUse()).isEqualTo(1);
              });
      passes(sipp.await());
    } finally {
      sipp.kill();
    }
  }

  @Test
  void optionsGets200WithAllowAndAcceptAnd503WhileDraining() throws Exception {
    passes(Sipp.start("options-200.xml", port, "u1").await());
    sessions.drain(true);
    passes(Sipp.start("options-503.xml", port, "u1").await());
    passes(Sipp.start("invite-503.xml", port, "u1").await());
  }

  @Test
  void inviteBeyondTheSessionLimitGets503() throws Exception {
    // fill the server with real sessions from replayed UniMRCP INVITEs, then one more via sipp
    try (RawSipPeer peer = peer()) {
      List<String> oks = new java.util.ArrayList<>();
      for (int i = 0; i < MAX_SESSIONS; i++) {
        String ok = invite(peer, unimrcpInvite("full-" + i + "-" + System.nanoTime()), 200);
        peer.ack(ok);
        oks.add(ok);
      }
      assertThat(sessions.sessions()).isEqualTo(MAX_SESSIONS);
      passes(Sipp.start("invite-503.xml", port, "u1").await());
      passes(Sipp.start("options-503.xml", port, "u1").await());
      for (String ok : oks) {
        bye(peer, ok);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad-sdp-488.xml", "garbage-sdp-488.xml", "text-body-415.xml"})
  void unusableOffersAreRefusedAndNothingIsAllocated(String scenario) throws Exception {
    passes(Sipp.start(scenario, port, "u1").await());
  }

  @Test
  void cancelDuringSetupGets487AndFreesTheHalfBuiltSession() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    sip.afterAnswerForTest(
        () -> {
          held.countDown();
          try {
            cancelled.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    // the CANCEL waits until the session is negotiated (ports and engine stream taken)
    AtomicInteger sessionsWhenCancelled = new AtomicInteger(-1);
    sip.beforeCancelForTest(
        () -> {
          try {
            if (held.await(10, TimeUnit.SECONDS)) {
              sessionsWhenCancelled.set(sessions.sessions());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Sipp sipp = Sipp.start("cancel-487.xml", port, "u1");
    try {
      assertThat(held.await(10, TimeUnit.SECONDS)).as("setup reached").isTrue();
      Sipp.Result r = sipp.await();
      assertThat(sessionsWhenCancelled).as("the CANCEL met a half-built session").hasValue(1);
      cancelled.countDown();
      passes(r);
    } finally {
      cancelled.countDown();
      sipp.kill();
    }
  }

  @Test
  void reInviteAddsAChannelThenRemovesOneWithPortZero() throws Exception {
    Sipp sipp = Sipp.start("reinvite.xml", port, "u1");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> sessions.channelsOpen() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> sessions.channelsOpen() == 2);
      assertThat(rtp.portsInUse()).as("both channels share the one audio stream").isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> sessions.channelsOpen() == 1);
      passes(sipp.await());
    } finally {
      sipp.kill();
    }
  }

  @Test
  void unimrcpClientInviteGetsAValidAnswerWithSessionTimer() throws Exception {
    try (RawSipPeer peer = peer()) {
      String callId = "unimrcp-" + System.nanoTime();
      String ok = invite(peer, unimrcpInvite(callId), 200);
      assertThat(RawSipPeer.header(ok, "Require")).isEqualToIgnoringCase("timer");
      assertThat(RawSipPeer.header(ok, "Session-Expires")).isEqualTo("600;refresher=uac");
      assertThat(RawSipPeer.header(ok, "Contact")).contains("127.0.0.1:" + port);
      MrcpAnswerReader.Answer answer =
          MrcpAnswerReader.read(new SdpParser().parse(RawSipPeer.body(ok)));
      MrcpAnswerReader.Control control = answer.control("speechrecog").orElseThrow();
      assertThat(control.port()).isEqualTo(1544);
      MrcpAnswerReader.Audio audio = answer.audioFor(control).orElseThrow();
      assertThat(audio.port()).isBetween(31000, 31100);
      // the offer is PCMU PCMA G722 L16/96(8000) telephone-event/101: G.722 is the only 16 kHz
      // codec in it, and the bundled model wants 16 kHz, so it wins; telephone-event is kept
      assertThat(audio.codec().orElseThrow().sameFormat(RtpCodec.G722)).isTrue();
      assertThat(audio.telephoneEvent()).isPresent();
      peer.ack(ok);
      assertThat(sessions.sessions()).isEqualTo(1);
      bye(peer, ok);
    }
  }

  @Test
  void aSessionWhoseAckNeverComesIsFreedAfterTheAckTimeout() throws Exception {
    try (RawSipPeer peer = peer()) {
      String callId = "no-ack-" + System.nanoTime();
      // the BYE goes to the Contact: where this peer really listens
      String invite =
          unimrcpInvite(callId)
              .replaceFirst(
                  "(?m)^Contact: <sip:127\\.0\\.0\\.1:\\d+",
                  "Contact: <sip:127.0.0.1:" + peer.port());
      String ok = invite(peer, invite, 200);
      long answered = System.nanoTime();
      assertThat(sessions.sessions()).isEqualTo(1);
      // meanwhile the 200 OK is retransmitted (RFC 3261 section 13.3.1.4)
      String again = peer.receive();
      assertThat(again).startsWith("SIP/2.0 200");
      assertThat(RawSipPeer.header(again, "Call-ID")).isEqualTo(callId);
      // then the server gives up on the dialog (RFC 3261 section 13.3.1.4: BYE)
      String bye = peer.receiveRequest("BYE", (ACK_TIMEOUT + 3) * 1000);
      assertThat(RawSipPeer.header(bye, "Call-ID")).isEqualTo(callId);
      peer.ok(bye);
      await()
          .atMost(Duration.ofSeconds(ACK_TIMEOUT + 5))
          .untilAsserted(
              () -> {
                assertThat(sessions.sessions()).isZero();
                assertThat(rtp.portsInUse()).isZero();
                assertThat(sip.calls()).isZero();
              });
      assertThat((System.nanoTime() - answered) / 1e9)
          .as("seconds from the 200 OK until the session was freed")
          .isGreaterThan(ACK_TIMEOUT - 0.5);
      assertThat(RawSipPeer.header(ok, "Call-ID")).isEqualTo(callId);
    }
  }

  @Test
  void aClientThatNeverRefreshesItsSessionTimerIsByedBeforeTheIntervalEnds() throws Exception {
    // RFC 4028 section 10: the refresher (here the client) did not refresh; the server sends BYE
    // before the interval ends, 90 s asked (the smallest allowed), min(32, 90/3) = 30 s early
    try (RawSipPeer peer = peer()) {
      String callId = "no-refresh-" + System.nanoTime();
      String invite =
          unimrcpInvite(callId)
              .replaceFirst(
                  "(?m)^Contact: <sip:127\\.0\\.0\\.1:\\d+",
                  "Contact: <sip:127.0.0.1:" + peer.port())
              .replaceFirst(
                  "(?m)^Supported: timer, 100rel\r\n",
                  "Supported: timer, 100rel\r\nSession-Expires: 90;refresher=uac\r\n");
      String ok = invite(peer, invite, 200);
      assertThat(RawSipPeer.header(ok, "Session-Expires")).isEqualTo("90;refresher=uac");
      peer.ack(ok);
      long acked = System.nanoTime();
      String bye = peer.receiveRequest("BYE", 75_000);
      double seconds = (System.nanoTime() - acked) / 1e9;
      assertThat(RawSipPeer.header(bye, "Call-ID")).isEqualTo(callId);
      assertThat(seconds).as("seconds until the BYE").isBetween(55.0, 65.0);
      peer.ok(bye);
      await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessions() == 0);
    }
  }

  @Test
  void modUnimrcpInviteWithoutContactIsAnswered() throws Exception {
    try (RawSipPeer peer = peer()) {
      String callId = "fs-" + System.nanoTime();
      String invite =
          text("mod_unimrcp/fs-mrcp-recog-sip-00-INVITE-5090to8060.sip")
              .replace("0a6c4009-60f8-1240-a79d-8a13ce55805c", callId);
      String ok = invite(peer, invite, 200);
      MrcpAnswerReader.Answer answer =
          MrcpAnswerReader.read(new SdpParser().parse(RawSipPeer.body(ok)));
      MrcpAnswerReader.Control control = answer.control("speechrecog").orElseThrow();
      assertThat(answer.audioFor(control).orElseThrow().telephoneEvent()).isEmpty();
      peer.ack(ok);
      bye(peer, ok);
    }
  }

  @Test
  void aResourceTheServerDoesNotOfferIsRefusedWithPortZeroNotAFailedInvite() throws Exception {
    try (RawSipPeer peer = peer()) {
      String callId = "mixed-" + System.nanoTime();
      SessionDescription offer =
          MrcpOfferBuilder.from("127.0.0.1")
              .addResource("speechsynth", 4000)
              .addResource("speechrecog", 4002)
              .build();
      String sdp = SdpWriter.write(offer);
      String invite =
          unimrcpInvite(callId)
                  .replaceAll("(?s)\r\n\r\n.*", "\r\n\r\n")
                  .replaceAll("(?m)^Content-Length: \\d+", "Content-Length: " + sdp.length())
              + sdp;
      String ok = invite(peer, invite, 200);
      MrcpAnswerReader.Answer answer =
          MrcpAnswerReader.read(new SdpParser().parse(RawSipPeer.body(ok)));
      assertThat(answer.controls()).hasSize(2);
      assertThat(answer.controls().get(0).port()).as("speechsynth refused").isZero();
      assertThat(answer.controls().get(0).accepted()).isFalse();
      assertThat(answer.audio().get(0).port()).as("its audio refused too").isZero();
      assertThat(answer.control("speechrecog")).isPresent();
      assertThat(sessions.channelsOpen()).isEqualTo(1);
      assertThat(rtp.portsInUse()).isEqualTo(1);
      peer.ack(ok);
      bye(peer, ok);
    }
  }

  // ---- captured requests, made fresh for each use ----

  private static final int ACK_TIMEOUT = 2;

  private static RawSipPeer peer() throws Exception {
    return new RawSipPeer(port);
  }

  /** UniMRCP's INVITE with a new Call-ID and branch (else it is a retransmission). */
  private static String unimrcpInvite(String callId) {
    return text("unimrcp/recog-sip-00-INVITE-8062to8060.sip")
        .replace("92010a75-60f6-1240-1288-8a13ce55805c", callId)
        .replace("z9hG4bKaNXU9pm95K14B", "z9hG4bK" + Long.toHexString(System.nanoTime()));
  }

  private static String text(String capture) {
    return new String(Interop.bytes(capture), StandardCharsets.ISO_8859_1);
  }

  /** Sends an INVITE whose final response must have {@code status}; returns that response. */
  private static String invite(RawSipPeer peer, String invite, int status) throws Exception {
    String r = peer.invite(invite);
    assertThat(Integer.parseInt(r.substring(8, 11))).as(r).isEqualTo(status);
    return r;
  }

  private static void bye(RawSipPeer peer, String ok) throws Exception {
    assertThat(peer.bye(ok)).startsWith("SIP/2.0 200");
  }
}
