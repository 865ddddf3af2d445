package io.mrcpj.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.sdp.CodecSelector;
import io.mrcpj.core.testing.Interop;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.config.SipTlsConfig;
import io.mrcpj.server.media.RtpMediaService;
import io.mrcpj.server.session.ChannelFactory;
import io.mrcpj.server.session.SessionChannel;
import io.mrcpj.server.session.SessionManager;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS (sip.tls): a JDK TLS socket that trusts the test certificate sends UniMRCP's real
 * INVITE and gets its 200 OK; a plain-TCP peer on the TLS port gets nothing.
 */
class SipTlsIT {

  @TempDir static Path dir;
  private static RtpMediaService rtp;
  private static SessionManager sessions;
  private static SipServer sip;
  private static int tlsPort;
  private static TestCertificates.Keys keys;

  @BeforeAll
  static void start() throws Exception {
    keys = TestCertificates.make(dir, "sip");
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 31400, 31500), 1);
    ChannelFactory none =
        new ChannelFactory() {
          @Override
          public boolean supports(String resource) {
            return resource.equals("speechrecog");
          }

          @Override
          public SessionChannel create(io.mrcpj.core.message.ChannelId id, String callId) {
            // SIP is under test here: a channel that takes no requests and no audio
            io.mrcpj.server.control.ResourceChannel idle = (request, connection) -> {};
            return new SessionChannel(idle, io.mrcpj.server.media.AudioSink.NONE, 8000, () -> {});
          }
        };
    sessions = new SessionManager(rtp, none, "127.0.0.1", 1544, 5, CodecSelector.defaults());
    tlsPort = FreePorts.udpAndTcp();
    sip =
        new SipServer(
            new SipConfig(
                "127.0.0.1",
                FreePorts.udpAndTcp(),
                List.of("udp"),
                null,
                null,
                null,
                null,
                null,
                null,
                new SipTlsConfig(
                    tlsPort, keys.keyStore().toString(), TestCertificates.PASSWORD, null)),
            sessions);
    sip.start();
  }

  @AfterAll
  static void stop() {
    if (sip != null) {
      sip.close();
      rtp.close();
    }
  }

  private static SSLSocket tlsSocket() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(keys.keyStore())) {
      trust.load(in, TestCertificates.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", tlsPort);
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  /** Reads SIP messages until a final response (status >= 200) to the INVITE. */
  private static String finalResponse(InputStream in) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    while (true) {
      int n = in.read(b);
      if (n < 0) {
        return buf.toString(StandardCharsets.ISO_8859_1);
      }
      buf.write(b, 0, n);
      String all = buf.toString(StandardCharsets.ISO_8859_1);
      int at = all.lastIndexOf("SIP/2.0 ");
      if (at >= 0
          && all.length() > at + 11
          && all.charAt(at + 8) != '1'
          && all.contains("\r\n\r\n")) {
        int cl = all.indexOf("Content-Length:", at);
        if (cl > 0) {
          int len = Integer.parseInt(all.substring(cl + 15, all.indexOf("\r\n", cl)).trim());
          int body = all.indexOf("\r\n\r\n", at) + 4;
          if (body >= 4 && all.length() >= body + len) {
            return all.substring(at);
          }
        }
      }
    }
  }

  @Test
  void anInviteOverTlsIsAnsweredWithATlsContact() throws Exception {
    String callId = "tls-" + System.nanoTime();
    String invite =
        new String(
                Interop.bytes("unimrcp/recog-sip-00-INVITE-8062to8060.sip"),
                StandardCharsets.ISO_8859_1)
            .replace("92010a75-60f6-1240-1288-8a13ce55805c", callId)
            .replace("z9hG4bKaNXU9pm95K14B", "z9hG4bK" + Long.toHexString(System.nanoTime()))
            .replace("SIP/2.0/UDP", "SIP/2.0/TLS")
            .replace(";transport=udp", ";transport=tls");
    try (SSLSocket s = tlsSocket()) {
      s.getOutputStream().write(invite.getBytes(StandardCharsets.ISO_8859_1));
      String ok = finalResponse(s.getInputStream());
      assertThat(ok).startsWith("SIP/2.0 200");
      assertThat(ok).contains("transport=tls");
      assertThat(sessions.sessions()).isEqualTo(1);
      assertThat(s.getSession().getProtocol()).startsWith("TLSv1.");
    }
    // the TLS connection is gone without a BYE: the session stays until its timers end it; free
    // it here so the suite leaves nothing
    sessions.close(callId, "test over");
    await().atMost(Duration.ofSeconds(5)).until(() -> rtp.portsInUse() == 0);
  }

  @Test
  void plainSipOnTheTlsPortGetsNoAnswer() throws Exception {
    try (Socket raw = new Socket("127.0.0.1", tlsPort)) {
      raw.setSoTimeout(3000);
      raw.getOutputStream()
          .write(
              ("OPTIONS sip:mrcp@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKx\r\n"
                      + "From: <sip:a@b>;tag=1\r\nTo: <sip:mrcp@127.0.0.1>\r\nCall-ID: plain\r\n"
                      + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] b = new byte[512];
      int n;
      try {
        n = raw.getInputStream().read(b);
      } catch (java.net.SocketTimeoutException e) {
        n = -1;
      }
      String got = n < 0 ? "" : new String(b, 0, n, StandardCharsets.ISO_8859_1);
      assertThat(got).doesNotContain("SIP/2.0");
    }
  }

  @Test
  void anUnreadableKeyStoreStopsTheStart() {
    SipServer bad =
        new SipServer(
            new SipConfig(
                "127.0.0.1",
                0,
                List.of("udp"),
                null,
                null,
                null,
                null,
                null,
                null,
                new SipTlsConfig(0, dir.resolve("none.p12").toString(), "x", null)),
            sessions);
    assertThatThrownBy(bad::start).hasMessageContaining("sip.tls.key-store");
  }
}
