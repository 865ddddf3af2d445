package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.testing.Interop;
import io.mrcpj.core.testing.Pcap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RTP view against the PCMU stream UniMRCP's umc sent (client RTP port 4000) in recog.pcapng.
 */
class RtpCaptureTest {

  @Test
  void parsesEveryPacketOfARealPcmuStream() {
    List<byte[]> packets = Pcap.udpPayloads(Interop.bytes("unimrcp/recog.pcapng"), 4000);
    assertThat(packets).hasSize(67);
    RtpPacket view = new RtpPacket();
    short[] pcm = new short[160];
    int previousSeq = -1;
    long previousTs = -1;
    int peak = 0;
    for (byte[] p : packets) {
      assertThat(view.wrap(p, 0, p.length)).isTrue();
      assertThat(view.payloadType()).isZero();
      assertThat(view.ssrc()).isEqualTo(0xC3E9BEF0L);
      assertThat(view.payloadLength()).isEqualTo(160);
      assertThat(view.hasExtension() || view.hasPadding() || view.csrcCount() > 0).isFalse();
      if (previousSeq >= 0) {
        assertThat(RtpSequence.delta(previousSeq, view.sequenceNumber())).isEqualTo(1);
        assertThat(RtpSequence.timestampDelta(previousTs, view.timestamp())).isEqualTo(160);
        assertThat(view.marker()).isFalse();
      } else {
        assertThat(view.marker()).as("first packet of the talkspurt").isTrue();
      }
      previousSeq = view.sequenceNumber();
      previousTs = view.timestamp();
      G711.decodeUlaw(view.array(), view.payloadOffset(), view.payloadLength(), pcm, 0);
      for (short x : pcm) {
        peak = Math.max(peak, Math.abs(x));
      }
      for (int cut = 0; cut < 12; cut++) {
        assertThat(new RtpPacket().wrap(p, 0, cut)).isFalse();
      }
    }
    // umc streams a recorded utterance: real audio, within the mu-law range
    assertThat(peak).isBetween(1000, 32124);
  }
}
