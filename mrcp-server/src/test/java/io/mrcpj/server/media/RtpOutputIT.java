package io.mrcpj.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.server.config.RtpConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server port sending paced RTP to a real loopback socket. */
class RtpOutputIT {

  private RtpMediaService rtp;
  private RtpEndpoint ep;
  private DatagramSocket peer;

  /** A packet as the peer saw it, with when it arrived. */
  record Got(long nanos, int seq, long ts, boolean marker, int pt, byte[] payload) {}

  @BeforeEach
  void open() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35600, 35610), 1);
    ep = rtp.open("call-out");
    peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() {
    peer.close();
    rtp.close();
  }

  private InetSocketAddress peerAddress() {
    return new InetSocketAddress("127.0.0.1", peer.getLocalPort());
  }

  private List<Got> receive(int max, int quietMillis) throws Exception {
    List<Got> got = new ArrayList<>();
    byte[] buf = new byte[2048];
    peer.setSoTimeout(quietMillis);
    while (got.size() < max) {
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        peer.receive(d);
      } catch (SocketTimeoutException e) {
        break;
      }
      RtpPacket p = new RtpPacket();
      assertThat(p.wrap(d.getData(), d.getOffset(), d.getLength())).isTrue();
      got.add(
          new Got(
              System.nanoTime(),
              p.sequenceNumber(),
              p.timestamp(),
              p.marker(),
              p.payloadType(),
              Arrays.copyOfRange(
                  p.array(), p.payloadOffset(), p.payloadOffset() + p.payloadLength())));
    }
    return got;
  }

  private static short[] tone(int samples) {
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    return pcm;
  }

  @Test
  void audioLeavesAtTheMediaClockInOrderAndTheCueRunsAfterTheLastPacket() throws Exception {
    RtpOutput out = ep.output(peerAddress(), RtpCodec.PCMU, 20);
    short[] pcm = tone(8000 + 100); // one second and a bit: the last packet is padded
    CompletableFuture<Long> cue = new CompletableFuture<>();
    long start = System.nanoTime();
    out.write(Arrays.copyOfRange(pcm, 0, 3000));
    out.write(Arrays.copyOfRange(pcm, 3000, pcm.length));
    out.cue(() -> cue.complete(out.packetsSent()));
    List<Got> got = receive(100, 500);
    assertThat(got).hasSize(51);
    assertThat(cue.get(1, TimeUnit.SECONDS)).as("packets sent when the cue ran").isEqualTo(51);
    long took = got.get(50).nanos() - start;
    assertThat(TimeUnit.NANOSECONDS.toMillis(took))
        .as("51 packets of 20 ms are paced over about a second, not sent at once")
        .isGreaterThanOrEqualTo(900);
    for (int i = 0; i < got.size(); i++) {
      Got g = got.get(i);
      assertThat(g.pt()).isZero();
      assertThat(g.payload()).hasSize(160);
      assertThat(g.marker()).as("marker only on the first packet").isEqualTo(i == 0);
      if (i > 0) {
        assertThat(g.seq()).isEqualTo((got.get(i - 1).seq() + 1) & 0xFFFF);
        assertThat(g.ts()).isEqualTo((got.get(i - 1).ts() + 160) & 0xFFFFFFFFL);
      }
    }
    byte[] expected = new byte[160];
    G711.encodeUlaw(pcm, 160 * 7, 160, expected, 0);
    assertThat(got.get(7).payload()).isEqualTo(expected);
    byte[] last = got.get(50).payload();
    byte[] silence = new byte[60];
    G711.encodeUlaw(new short[60], 0, 60, silence, 0);
    assertThat(Arrays.copyOfRange(last, 100, 160)).as("padded with silence").isEqualTo(silence);
  }

  @Test
  void clearSilencesThePortWithinAPacketAndDropsTheCues() throws Exception {
    RtpOutput out = ep.output(peerAddress(), RtpCodec.PCMA, 20);
    CompletableFuture<Void> cue = new CompletableFuture<>();
    out.write(tone(5 * 8000));
    out.cue(() -> cue.complete(null));
    List<Got> first = receive(10, 500);
    assertThat(first).hasSize(10);
    long cleared = System.nanoTime();
    out.clear();
    List<Got> after = receive(1000, 300);
    assertThat(after)
        .as("at most the packets already due when clear() was called")
        .allSatisfy(
            g -> assertThat(TimeUnit.NANOSECONDS.toMillis(g.nanos() - cleared)).isLessThan(45));
    assertThat(after.size()).isLessThanOrEqualTo(2);
    assertThat(cue).isNotDone();
    // the port can speak again, and the new talkspurt is marked
    out.write(tone(800));
    List<Got> again = receive(10, 300);
    assertThat(again).hasSize(5);
    assertThat(again.get(0).marker()).isTrue();
    assertThat(again.get(0).pt()).isEqualTo(8);
  }

  @Test
  void pauseHoldsTheAudioAndResumeGoesOnWhereItStopped() throws Exception {
    RtpOutput out = ep.output(peerAddress(), RtpCodec.PCMU, 20);
    out.write(tone(2 * 8000));
    List<Got> before = receive(20, 500);
    out.pause(true);
    List<Got> during = receive(1000, 400);
    assertThat(during.size())
        .as("nothing sent while paused, beyond one packet")
        .isLessThanOrEqualTo(2);
    out.pause(false);
    List<Got> resumed = receive(1000, 500);
    int total = before.size() + during.size() + resumed.size();
    assertThat(total).as("every packet of the two seconds, none lost or repeated").isEqualTo(100);
    Got first = resumed.get(0);
    Got prev = during.isEmpty() ? before.get(before.size() - 1) : during.get(during.size() - 1);
    assertThat(first.seq()).isEqualTo((prev.seq() + 1) & 0xFFFF);
    assertThat(first.marker()).isTrue();
    assertThat(first.ts() - prev.ts())
        .as("the clock ran on during the pause")
        .isGreaterThanOrEqualTo(160L * 15);
  }

  @Test
  void g722SendsSixteenKilohertzAudioWithAnEightKilohertzClock() throws Exception {
    RtpOutput out = ep.output(peerAddress(), new RtpCodec(9, "G722", 8000, 1), 20);
    assertThat(out.sampleRate()).isEqualTo(16000);
    out.write(new short[16000]);
    List<Got> got = receive(100, 500);
    assertThat(got).hasSize(50);
    assertThat(got.get(0).payload()).hasSize(160);
    assertThat(got.get(1).ts() - got.get(0).ts()).isEqualTo(160);
  }

  @Test
  void aRenegotiationThatChangesNothingKeepsTheOutputAndItsQueue() throws Exception {
    RtpOutput out = ep.output(peerAddress(), RtpCodec.PCMU, 20);
    out.write(tone(8000));
    assertThat(ep.output(peerAddress(), RtpCodec.PCMU, 20)).isSameAs(out);
    List<Got> got = receive(100, 500);
    assertThat(got).as("the second of audio queued before plays on").hasSize(50);
    RtpOutput other = ep.output(peerAddress(), RtpCodec.PCMA, 20);
    assertThat(other).isNotSameAs(out);
    assertThat(ep.output()).isSameAs(other);
  }

  @Test
  void codecsItCannotSendAndBadPtimesAreRefused() {
    assertThatThrownBy(() -> ep.output(peerAddress(), new RtpCodec(18, "G729", 8000, 1), 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ep.output(peerAddress(), RtpCodec.PCMU, 5))
        .isInstanceOf(IllegalArgumentException.class);
    ep.close();
    assertThatThrownBy(() -> ep.output(peerAddress(), RtpCodec.PCMU, 20))
        .isInstanceOf(IllegalStateException.class);
  }
}
