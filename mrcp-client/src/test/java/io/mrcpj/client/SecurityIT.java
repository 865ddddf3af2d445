package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.server.SpeechServer;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipAuthConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.config.TlsConfig;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.SharedVosk;
import io.mrcpj.server.testing.TestCertificates;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MRCPv2 over TLS ({@code TCP/TLS/MRCPv2}) between the real client and the real server, with a
 * self-signed certificate made by the JDK's keytool when the test starts; and SIP digest
 * authentication answered by the client.
 */
class SecurityIT {

  @TempDir static Path dir;
  private static Path serverKeys;
  private static Path serverCert;
  private static Path otherCert;

  @BeforeAll
  static void keys() throws Exception {
    TestCertificates.Keys server = TestCertificates.make(dir, "server");
    serverKeys = server.keyStore();
    serverCert = server.certificatePem();
    otherCert = TestCertificates.make(dir, "other").certificatePem();
  }

  /** A started server and its SIP port. */
  private record Running(SpeechServer server, int sip) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  private static Running start(int rtpMin, boolean required) throws Exception {
    return start(rtpMin, required, null);
  }

  private static Running start(int rtpMin, boolean required, SipAuthConfig auth) throws Exception {
    int sip = FreePorts.udpAndTcp();
    ServerConfig cfg =
        new ServerConfig(
            new SipConfig("127.0.0.1", sip, null, null, null, null, null, null, auth),
            new MrcpConfig(
                "127.0.0.1",
                0,
                null,
                null,
                1,
                null,
                new TlsConfig(0, serverKeys.toString(), "secret", null, required)),
            new RtpConfig("127.0.0.1", rtpMin, rtpMin + 100),
            null,
            new LimitsConfig(20));
    return new Running(new SpeechServer(cfg, SharedVosk.get()).start(), sip);
  }

  private static RecognizeRequest yes() throws Exception {
    return RecognizeRequest.builder()
        .grammar(Grammar.TRANSCRIBE)
        .audio(TestServer.speech("rms-yes"))
        .pacing(Pacing.FAST)
        .build();
  }

  @Test
  void aTlsClientRecognizesOverTcpTlsMrcpv2AndAPlainOneStillCan() throws Exception {
    try (Running r = start(38900, false);
        MrcpClient secure =
            MrcpClient.builder().server("127.0.0.1", r.sip()).tls(serverCert).build();
        MrcpClient plain = MrcpClient.builder().server("127.0.0.1", r.sip()).build()) {
      assertThat(r.server().mrcpTlsAddress()).isNotNull();
      assertThat(r.server().mrcpAddress()).isNotNull();
      try (ClientSession s = secure.openSession(Duration.ofSeconds(10))) {
        assertThat(s.recognizeSync(yes()).text()).isEqualTo("yes");
      }
      try (ClientSession s = plain.openSession(Duration.ofSeconds(10))) {
        assertThat(s.recognizeSync(yes()).text()).isEqualTo("yes");
      }
    }
  }

  @Test
  void whenTlsIsRequiredPlainOffersGet488AndPlainBytesAreRefused() throws Exception {
    try (Running r = start(39100, true);
        MrcpClient plain = MrcpClient.builder().server("127.0.0.1", r.sip()).build();
        MrcpClient secure =
            MrcpClient.builder().server("127.0.0.1", r.sip()).tls(serverCert).build()) {
      assertThat(r.server().mrcpAddress()).as("no plain listener").isNull();
      assertThatThrownBy(() -> plain.openSession(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(488);
                assertThat(e.warning()).contains("TCP/TLS/MRCPv2");
              });
      // plain MRCP bytes sent to the TLS port: no answer, the connection is closed
      try (Socket raw =
          new Socket(
              r.server().mrcpTlsAddress().getAddress(), r.server().mrcpTlsAddress().getPort())) {
        raw.setSoTimeout(5000);
        raw.getOutputStream()
            .write(
                ("MRCP/2.0 80 GET-PARAMS 1\r\nChannel-Identifier: 0000000000000000@speechrecog\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        InputStream in = raw.getInputStream();
        byte[] buf = new byte[256];
        int n = in.read(buf);
        // a TLS alert may come before the close, never an MRCP response
        String got = n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        assertThat(got).doesNotContain("MRCP/2.0");
        while (n >= 0) {
          n = in.read(buf);
        }
      }
      try (ClientSession s = secure.openSession(Duration.ofSeconds(10))) {
        assertThat(s.recognizeSync(yes()).text()).isEqualTo("yes");
      }
      assertThat(r.server().sessions()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aServerCertificateTheClientDoesNotTrustFailsTheSessionClearly() throws Exception {
    try (Running r = start(39300, true);
        MrcpClient wary =
            MrcpClient.builder().server("127.0.0.1", r.sip()).tls(otherCert).build()) {
      assertThatThrownBy(() -> wary.openSession(Duration.ofSeconds(10)))
          .isInstanceOf(MrcpClientException.class)
          .hasMessageContaining("TLS with 127.0.0.1");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(r.server().sessions()).as("the client BYEd the session").isZero();
                assertThat(r.server().rtpPortsInUse()).isZero();
              });
    }
  }

  @Test
  void digestAuthenticationIsAnsweredWithTheRightCredentialsAndRefusedWithout() throws Exception {
    SipAuthConfig auth = new SipAuthConfig("mrcpj-test", java.util.Map.of("ivr", "pa55"));
    try (Running r = start(39700, false, auth);
        MrcpClient anonymous = MrcpClient.builder().server("127.0.0.1", r.sip()).build();
        MrcpClient wrong =
            MrcpClient.builder().server("127.0.0.1", r.sip()).credentials("ivr", "nope").build();
        MrcpClient right =
            MrcpClient.builder().server("127.0.0.1", r.sip()).credentials("ivr", "pa55").build()) {
      assertThatThrownBy(() -> anonymous.openSession(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThatThrownBy(() -> wrong.openSession(Duration.ofSeconds(10)))
          .as("challenged again: the client answers a challenge once")
          .isInstanceOfSatisfying(
              SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThat(r.server().sessions()).isZero();
      try (ClientSession s = right.openSession(Duration.ofSeconds(10))) {
        assertThat(s.recognizeSync(yes()).text()).isEqualTo("yes");
      }
    }
  }

  @Test
  void sipAndMrcpBothOverTlsCarryARecognition() throws Exception {
    int sipUdp = FreePorts.udpAndTcp();
    int sipTls = FreePorts.udpAndTcp();
    ServerConfig cfg =
        new ServerConfig(
            new SipConfig(
                "127.0.0.1",
                sipUdp,
                java.util.List.of("udp"),
                null,
                null,
                null,
                null,
                null,
                null,
                new io.mrcpj.server.config.SipTlsConfig(
                    sipTls, serverKeys.toString(), "secret", null)),
            new MrcpConfig(
                "127.0.0.1",
                0,
                null,
                null,
                1,
                null,
                new TlsConfig(0, serverKeys.toString(), "secret", null, true)),
            new RtpConfig("127.0.0.1", 39900, 40000),
            null,
            new LimitsConfig(20));
    try (SpeechServer server = new SpeechServer(cfg, SharedVosk.get()).start();
        MrcpClient client =
            MrcpClient.builder()
                .server("127.0.0.1", sipTls)
                .transport(SipTransport.TLS)
                .tls(serverCert)
                .build()) {
      try (ClientSession s = client.openSession(Duration.ofSeconds(10))) {
        assertThat(s.recognizeSync(yes()).text()).isEqualTo("yes");
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(server.sessions()).as("the BYE came over TLS").isZero();
                assertThat(server.sipCalls()).isZero();
              });
    }
  }

  @Test
  void aBadKeyStoreStopsTheStartNamingTheFile() {
    ServerConfig cfg =
        new ServerConfig(
            new SipConfig("127.0.0.1", 0, null, null, null, null),
            new MrcpConfig(
                "127.0.0.1",
                0,
                null,
                null,
                1,
                null,
                new TlsConfig(0, dir.resolve("missing.p12").toString(), "secret", null, false)),
            new RtpConfig("127.0.0.1", 39500, 39600),
            null,
            new LimitsConfig(20));
    assertThatThrownBy(() -> new SpeechServer(cfg, SharedVosk.get()).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mrcp.tls.key-store")
        .hasMessageContaining("missing.p12");
  }
}
