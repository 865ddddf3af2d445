package io.mrcpj.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.sdp.CodecSelector;
import io.mrcpj.core.testing.Interop;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.SipAuthConfig;
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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIP digest authentication (sip.auth) against sipp, a real SIP peer that answers challenges
 * itself, and a raw peer.
 */
class SipAuthIT {

  private static CountingEngine engine;
  private static ScheduledExecutorService timers;
  private static RtpMediaService rtp;
  private static SessionManager sessions;
  private static SipServer sip;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Sipp.installed()).as("sipp (Debian package sip-tester) is installed").isTrue();
    engine = new CountingEngine(SharedVosk.get(), false);
    timers = Executors.newSingleThreadScheduledExecutor();
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 31200, 31300), 1);
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
    sessions = new SessionManager(rtp, recognizers, "127.0.0.1", 1544, 5, CodecSelector.defaults());
    port = FreePorts.udpAndTcp();
    sip =
        new SipServer(
            new SipConfig(
                "127.0.0.1",
                port,
                null,
                null,
                null,
                null,
                null,
                null,
                new SipAuthConfig("mrcpj-test", Map.of("mrcp", "secret"))),
            sessions);
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
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sip.calls()).as("SIP calls").isZero();
              assertThat(sessions.sessions()).as("sessions").isZero();
              assertThat(rtp.portsInUse()).as("RTP ports").isZero();
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"u1", "t1"})
  void aChallengedInviteWithTheRightPasswordIsAnswered(String transport) throws Exception {
    Sipp.Result r = Sipp.start("invite-auth.xml", port, transport).await();
    assertThat(r.exitCode()).as("sipp exit code; output:\n%s", r.output()).isZero();
  }

  @Test
  void aWrongPasswordIsChallengedAgainAndNothingIsAllocated() throws Exception {
    Sipp.Result r = Sipp.start("invite-auth-wrong.xml", port, "u1").await();
    assertThat(r.exitCode()).as("sipp exit code; output:\n%s", r.output()).isZero();
    assertThat(sessions.sessions()).isZero();
  }

  @Test
  void optionsIsNotChallengedAndAForgedNonceIsRefused() throws Exception {
    try (RawSipPeer peer = new RawSipPeer(port)) {
      String options =
          "OPTIONS sip:mrcp@127.0.0.1:"
              + port
              + " SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP 127.0.0.1:"
              + peer.port()
              + ";branch=z9hG4bK"
              + Long.toHexString(System.nanoTime())
              + "\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:mrcp@127.0.0.1>\r\n"
              + "Call-ID: opt-"
              + System.nanoTime()
              + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
      peer.send(options);
      String ok = peer.receive();
      assertThat(ok).startsWith("SIP/2.0 200");
      // resource discovery (RFC 6787 section 7): the capabilities as SDP
      assertThat(RawSipPeer.header(ok, "Content-Type")).isEqualTo("application/sdp");
      assertThat(RawSipPeer.body(ok))
          .contains("m=application 0 TCP/MRCPv2 1\r\na=resource:speechrecog\r\n")
          .contains("m=audio 0 RTP/AVP 0 8")
          .contains("a=rtpmap:0 PCMU/8000")
          .contains("a=rtpmap:101 telephone-event/8000");

      String invite =
          new String(
                  Interop.bytes("unimrcp/recog-sip-00-INVITE-8062to8060.sip"),
                  StandardCharsets.ISO_8859_1)
              .replace("92010a75-60f6-1240-1288-8a13ce55805c", "forged-" + System.nanoTime())
              .replace("z9hG4bKaNXU9pm95K14B", "z9hG4bK" + Long.toHexString(System.nanoTime()))
              .replaceFirst(
                  "(?m)^Max-Forwards: 70\r\n",
                  "Max-Forwards: 70\r\nAuthorization: Digest username=\"mrcp\", realm=\"mrcpj-test\","
                      + " nonce=\"MTIzOmFiYw\", uri=\"sip:mrcp@127.0.0.1\","
                      + " response=\"00000000000000000000000000000000\"\r\n");
      String answer = peer.invite(invite);
      assertThat(answer).startsWith("SIP/2.0 401");
      assertThat(RawSipPeer.header(answer, "WWW-Authenticate"))
          .startsWith("Digest realm=\"mrcpj-test\"")
          .contains("qop=\"auth\"");
      assertThat(sessions.sessions()).isZero();
    }
  }
}
