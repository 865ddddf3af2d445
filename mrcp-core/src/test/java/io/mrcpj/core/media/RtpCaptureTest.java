package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.testing.Interop;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RTP view against the PCMU stream UniMRCP's umc sent (client RTP port 4000) in recog.pcapng.
 */
class RtpCaptureTest {

  /**
   * UDP payloads from source port {@code srcPort} in a little-endian pcapng file with Ethernet link
   * type (enough for the captures in shared/interop; not a general pcapng reader).
   */
  static List<byte[]> udpPayloads(byte[] file, int srcPort) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos + 12 <= file.length) {
      int type = b.getInt(pos);
      int length = b.getInt(pos + 4);
      if (length < 12) {
        break;
      }
      if (type == 6) { // Enhanced Packet Block
        int captured = b.getInt(pos + 20);
        int ip = pos + 28 + 14; // after the Ethernet header
        if ((file[ip] >> 4 & 0xF) == 4 && file[ip + 9] == 17) {
          int udp = ip + (file[ip] & 0xF) * 4;
          int sport = (file[udp] & 0xFF) << 8 | (file[udp + 1] & 0xFF);
          if (sport == srcPort) {
            out.add(Arrays.copyOfRange(file, udp + 8, pos + 28 + captured));
          }
        }
      }
      pos += length;
    }
    return out;
  }

  @Test
  void parsesEveryPacketOfARealPcmuStream() {
    List<byte[]> packets = udpPayloads(Interop.bytes("unimrcp/recog.pcapng"), 4000);
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
