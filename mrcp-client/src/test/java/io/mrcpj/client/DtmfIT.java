package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientSession#sendDtmf} on sessions with the real server: what the session accepts and
 * refuses. (That the digits arrive as sent is shown on the media path by RtpSenderDtmfIT.)
 */
class DtmfIT {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(34400);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  @Test
  void bothModesSendTheirPacketsWhenTheServerAcceptedTelephoneEvent() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      assertThat(s.telephoneEvent()).isPresent();
      s.sendDtmf("159#", DtmfMode.RFC4733).get(5, TimeUnit.SECONDS);
      assertThat(s.rtpPacketsSent()).as("4 keys of 200 ms").isEqualTo(40);
      s.sendDtmf("2*", DtmfMode.INBAND).get(5, TimeUnit.SECONDS);
      assertThat(s.rtpPacketsSent()).isEqualTo(60);
      assertThat(s.sendDtmf("", DtmfMode.RFC4733)).succeedsWithin(Duration.ofSeconds(1));
    }
  }

  @Test
  void rfc4733WithoutTelephoneEventFailsClearlyAndInBandStillWorks() throws Exception {
    try (MrcpClient client = server.client().telephoneEvent(false).build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      assertThat(s.telephoneEvent()).isEmpty();
      assertThatThrownBy(() -> s.sendDtmf("1", DtmfMode.RFC4733).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("telephone-event")
          .hasMessageContaining("INBAND");
      assertThat(s.rtpPacketsSent()).isZero();
      s.sendDtmf("0", DtmfMode.INBAND).get(5, TimeUnit.SECONDS);
      assertThat(s.rtpPacketsSent()).isEqualTo(10);
    }
  }

  @Test
  void anInvalidDigitIsRefusedNamingIt() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      for (DtmfMode mode : DtmfMode.values()) {
        assertThatThrownBy(() -> s.sendDtmf("12#e", mode))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'e'");
      }
      assertThatThrownBy(() -> s.sendDtmf(null, DtmfMode.INBAND))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.sendDtmf("1", null)).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.rtpPacketsSent()).isZero();
    }
  }

  @Test
  void afterCloseDtmfFails() throws Exception {
    try (MrcpClient client = server.client().build()) {
      ClientSession s = client.openSession(Duration.ofSeconds(5));
      s.close();
      assertThatThrownBy(() -> s.sendDtmf("1", DtmfMode.INBAND).get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(MrcpClientException.class);
    }
  }

  @Test
  void closingTheSessionWhileDtmfIsSentFailsItsFuture() throws Exception {
    try (MrcpClient client = server.client().build()) {
      ClientSession s = client.openSession(Duration.ofSeconds(5));
      var dtmf = s.sendDtmf("1234567890", DtmfMode.RFC4733);
      Thread.sleep(300);
      s.close();
      assertThatThrownBy(() -> dtmf.get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(MrcpClientException.class)
          .hasMessageContaining("session ended");
    }
  }
}
