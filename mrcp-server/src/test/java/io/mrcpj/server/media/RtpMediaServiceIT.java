package io.mrcpj.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.server.config.RtpConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RTP endpoints on real loopback sockets. */
class RtpMediaServiceIT {

  private RtpMediaService rtp;

  @AfterEach
  void stop() {
    if (rtp != null) {
      rtp.close();
    }
  }

  @Test
  void receivesRealDatagramsDecodedForTheSink() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35000, 35010), 1);
    RtpEndpoint ep = rtp.open("call-1");
    assertThat(ep.port() % 2).as("RTP on an even port").isZero();
    AtomicInteger samples = new AtomicInteger();
    ep.configure(RtpCodec.PCMU, Optional.empty(), 16000);
    ep.sink((pcm, off, len) -> samples.addAndGet(len));
    try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      RtpHeaderWriter h = new RtpHeaderWriter().payloadType(0).ssrc(7);
      byte[] p = new byte[172];
      for (int i = 0; i < 25; i++) {
        h.write(p, 0);
        out.send(new DatagramPacket(p, p.length, new InetSocketAddress("127.0.0.1", ep.port())));
        h.advance(160);
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> samples.get() == 25 * 320);
    assertThat(ep.stats().audio()).isEqualTo(25);
    ep.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> rtp.portsInUse() == 0);
  }

  @Test
  void theRangeRunsOutWithAClearErrorAndPortsComeBackWhenClosed() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35100, 35105), 1);
    assertThat(rtp.capacity()).isEqualTo(3); // 35100, 35102, 35104
    List<RtpEndpoint> open = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      RtpEndpoint ep = rtp.open("call-" + i);
      open.add(ep);
      ports.add(ep.port());
    }
    assertThat(ports).containsExactlyInAnyOrder(35100, 35102, 35104);
    assertThat(rtp.portsInUse()).isEqualTo(3);
    assertThatThrownBy(() -> rtp.open("one-too-many"))
        .isInstanceOf(RtpPortsExhaustedException.class)
        .hasMessageContaining("35100-35104");
    open.get(1).close();
    open.get(1).close(); // idempotent
    await().atMost(Duration.ofSeconds(5)).until(() -> rtp.portsInUse() == 2);
    assertThat(rtp.open("again").port()).isEqualTo(35102);
  }

  @Test
  void aPortTakenByAnotherProgramIsSkipped() throws Exception {
    try (DatagramSocket squatter =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 35200))) {
      rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35200, 35203), 1);
      assertThat(rtp.open("call").port()).isEqualTo(35202);
      assertThatThrownBy(() -> rtp.open("none left"))
          .isInstanceOf(RtpPortsExhaustedException.class);
      assertThat(rtp.portsInUse()).isEqualTo(1);
    }
  }

  @Test
  void aCodecTheServerCannotDecodeIsRefusedWhenConfigured() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35300, 35310), 1);
    RtpEndpoint ep = rtp.open("call");
    assertThatThrownBy(
            () -> ep.configure(new RtpCodec(9, "G722", 8000, 1), Optional.empty(), 16000))
        .isInstanceOf(IllegalArgumentException.class);
    ep.close();
  }
}
