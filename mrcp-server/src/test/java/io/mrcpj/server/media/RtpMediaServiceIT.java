package io.mrcpj.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.media.G711;
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
    ep.sink((pcm, off, len) -> samples.addAndGet(len));
    ep.configure(RtpCodec.PCMU, Optional.empty(), 16000);
    int packets = sendPcmu(new short[25 * 160], ep);
    assertThat(packets).isEqualTo(25);
    assertThat(ep.stats().audio()).isGreaterThanOrEqualTo(25);
    // the last packet is counted when it arrives, and reaches the sink a moment later
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(samples.get())
                    .as("upsampled to 16 kHz")
                    .isEqualTo(ep.stats().audio() * 320));
    ep.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> rtp.portsInUse() == 0);
  }

  /**
   * Sends 8 kHz {@code pcm} as 20 ms PCMU packets to {@code ep} on loopback, at most 16 ahead of
   * what it has received (so a busy machine does not overflow its socket buffer), and waits until
   * it has received and decoded them all.
   *
   * @return the number of packets of {@code pcm} sent
   */
  private static int sendPcmu(short[] pcm, RtpEndpoint ep) throws Exception {
    int sent = 0;
    int frames = 0;
    try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      RtpHeaderWriter h = new RtpHeaderWriter().payloadType(0).ssrc(11).sequenceNumber(65500);
      byte[] p = new byte[172];
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", ep.port());
      // configure() takes effect on the endpoint's event loop: send silence until it decodes
      G711.encodeUlaw(new short[160], 0, 160, p, 12);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (ep.stats().audio() == 0 && System.nanoTime() < deadline) {
        h.write(p, 0);
        out.send(new DatagramPacket(p, p.length, to));
        h.advance(160);
        sent++;
        Thread.sleep(10);
      }
      for (int i = 0; i + 160 <= pcm.length; i += 160) {
        h.write(p, 0);
        G711.encodeUlaw(pcm, i, 160, p, 12);
        out.send(new DatagramPacket(p, p.length, to));
        h.advance(160);
        frames++;
        sent++;
        while (ep.stats().packets() < sent - 16 && System.nanoTime() < deadline + 5_000_000_000L) {
          Thread.sleep(1);
        }
      }
    }
    int all = sent;
    await().atMost(Duration.ofSeconds(5)).until(() -> ep.stats().packets() == all);
    assertThat(ep.stats().audio()).as("decoded").isGreaterThanOrEqualTo(frames);
    return frames;
  }

  /** A sink that collects digits and counts samples. */
  private static final class Digits implements AudioSink {
    final StringBuffer digits = new StringBuffer();
    final AtomicInteger samples = new AtomicInteger();

    @Override
    public void onAudio(short[] pcm, int offset, int length) {
      samples.addAndGet(length);
    }

    @Override
    public void onDtmf(char digit) {
      digits.append(digit);
    }
  }

  @Test
  void tonesInTheAudioArriveAsDigits() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35400, 35410), 1);
    RtpEndpoint ep = rtp.open("call-dtmf");
    Digits sink = new Digits();
    ep.sink(sink);
    ep.configure(RtpCodec.PCMU, Optional.empty(), 16000);
    sendPcmu(RtpAudioReceiverTest.fixture("dtmf-clean-8k.wav", 8000), ep);
    assertThat(sink.digits).hasToString(RtpAudioReceiverTest.FIXTURE_DIGITS);
    assertThat(ep.stats().digits()).isEqualTo(16);
  }

  @Test
  void withInBandDtmfOffTheSameTonesGiveNothing() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35500, 35510, false), 1);
    RtpEndpoint ep = rtp.open("call-no-dtmf");
    Digits sink = new Digits();
    ep.sink(sink);
    ep.configure(RtpCodec.PCMU, Optional.empty(), 16000);
    sendPcmu(RtpAudioReceiverTest.fixture("dtmf-clean-8k.wav", 8000), ep);
    // the last packet is counted when it arrives, and reaches the sink a moment later
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(sink.samples.get())
                    .as("all audio reached the sink")
                    .isEqualTo(ep.stats().audio() * 320));
    assertThat(sink.digits).isEmpty();
    assertThat(ep.stats().digits()).isZero();
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
            () -> ep.configure(new RtpCodec(18, "G729", 8000, 1), Optional.empty(), 16000))
        .isInstanceOf(IllegalArgumentException.class);
    ep.close();
  }
}
