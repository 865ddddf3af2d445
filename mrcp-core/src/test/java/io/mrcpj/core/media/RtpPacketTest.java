package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

  private final RtpPacket view = new RtpPacket();

  /** PCMU packet built per RFC 3550 §5.1 with the writer, then 160 octets of payload. */
  private static byte[] simplePacket() {
    byte[] p = new byte[12 + 160];
    new RtpHeaderWriter()
        .payloadType(0)
        .ssrc(0xDEADBEEFL)
        .sequenceNumber(65535)
        .timestamp(0xFFFFFF00L)
        .marker(true)
        .write(p, 0);
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) 0xFF;
    }
    return p;
  }

  @Test
  void parsesFixedHeader() {
    byte[] p = simplePacket();
    assertThat(view.wrap(p, 0, p.length)).isTrue();
    assertThat(view.payloadType()).isZero();
    assertThat(view.marker()).isTrue();
    assertThat(view.sequenceNumber()).isEqualTo(65535);
    assertThat(view.timestamp()).isEqualTo(0xFFFFFF00L);
    assertThat(view.ssrc()).isEqualTo(0xDEADBEEFL);
    assertThat(view.payloadOffset()).isEqualTo(12);
    assertThat(view.payloadLength()).isEqualTo(160);
    assertThat(view.hasExtension()).isFalse();
    assertThat(view.csrcCount()).isZero();
  }

  @Test
  void parsesCsrcExtensionAndPaddingAtAnOffset() {
    // V=2 P=1 X=1 CC=2, M=0 PT=101; 2 CSRCs; extension profile 0xBEDE with 1 word; 4 payload
    // octets; 3 padding octets whose last octet says 3.
    byte[] p = {
      0,
      0,
      0, // 3 octets of unrelated data before the packet
      (byte) 0xB2,
      101,
      0x00,
      0x07,
      0,
      0,
      0x03,
      (byte) 0xE8,
      0x11,
      0x22,
      0x33,
      0x44,
      0,
      0,
      0,
      1,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFE,
      (byte) 0xBE,
      (byte) 0xDE,
      0,
      1,
      0x10,
      0x20,
      0x30,
      0x40,
      1,
      2,
      3,
      4,
      0,
      0,
      3
    };
    assertThat(view.wrap(p, 3, p.length - 3)).isTrue();
    assertThat(view.payloadType()).isEqualTo(101);
    assertThat(view.sequenceNumber()).isEqualTo(7);
    assertThat(view.timestamp()).isEqualTo(1000);
    assertThat(view.ssrc()).isEqualTo(0x11223344L);
    assertThat(view.csrcCount()).isEqualTo(2);
    assertThat(view.csrc(0)).isEqualTo(1);
    assertThat(view.csrc(1)).isEqualTo(0xFFFFFFFEL);
    assertThat(view.csrc(2)).isEqualTo(-1);
    assertThat(view.extensionProfile()).isEqualTo(0xBEDE);
    assertThat(view.extensionLengthWords()).isEqualTo(1);
    assertThat(p[view.extensionDataOffset()]).isEqualTo((byte) 0x10);
    assertThat(view.paddingLength()).isEqualTo(3);
    assertThat(view.payloadOffset()).isEqualTo(3 + 12 + 8 + 8);
    assertThat(view.payloadLength()).isEqualTo(4);
    assertThat(p[view.payloadOffset()]).isEqualTo((byte) 1);
  }

  @Test
  void rejectsMalformedPackets() {
    byte[] p = simplePacket();
    assertThat(view.wrap(p, 0, 11)).as("shorter than the fixed header").isFalse();
    assertThat(view.isValid()).isFalse();
    assertThat(view.sequenceNumber()).isEqualTo(-1);
    assertThat(view.wrap(null, 0, 12)).isFalse();
    assertThat(view.wrap(p, 100, 100)).as("range outside the array").isFalse();
    assertThat(view.wrap(p, -1, 12)).isFalse();

    byte[] v1 = p.clone();
    v1[0] = 0x40;
    assertThat(view.wrap(v1, 0, v1.length)).as("version 1").isFalse();

    byte[] csrc = p.clone();
    csrc[0] = (byte) 0x8F; // 15 CSRCs = 60 octets, only 12 + 160 present: fits
    assertThat(view.wrap(csrc, 0, csrc.length)).isTrue();
    assertThat(view.wrap(csrc, 0, 12 + 59)).as("CSRC list truncated").isFalse();

    byte[] ext = p.clone();
    ext[0] = (byte) 0x90;
    ext[14] = (byte) 0xFF; // extension length 0xFF00 words
    assertThat(view.wrap(ext, 0, ext.length)).as("extension longer than packet").isFalse();
    assertThat(view.wrap(ext, 0, 14)).as("extension header truncated").isFalse();

    byte[] pad = p.clone();
    pad[0] = (byte) 0xA0;
    pad[pad.length - 1] = 0;
    assertThat(view.wrap(pad, 0, pad.length)).as("padding count 0").isFalse();
    pad[pad.length - 1] = (byte) 161;
    assertThat(view.wrap(pad, 0, pad.length)).as("padding longer than payload").isFalse();
    pad[pad.length - 1] = (byte) 160;
    assertThat(view.wrap(pad, 0, pad.length)).as("padding = whole payload").isTrue();
    assertThat(view.payloadLength()).isZero();
  }

  @Test
  void garbageNeverThrows() {
    Random random = new Random(42);
    byte[] buf = new byte[64];
    int valid = 0;
    for (int i = 0; i < 100_000; i++) {
      random.nextBytes(buf);
      int len = random.nextInt(buf.length + 1);
      if (view.wrap(buf, 0, len)) {
        valid++;
        assertThat(view.payloadOffset() + view.payloadLength() + view.paddingLength())
            .isEqualTo(len);
      }
    }
    assertThat(valid).isPositive().isLessThan(100_000);
  }

  @Test
  void wrapsNettyBuffers() {
    byte[] p = simplePacket();
    ByteBuf heap = Unpooled.buffer().writeBytes(new byte[5]).writeBytes(p);
    heap.skipBytes(5);
    assertThat(view.wrap(heap, null)).isTrue();
    assertThat(view.ssrc()).isEqualTo(0xDEADBEEFL);
    ByteBuf direct = Unpooled.directBuffer().writeBytes(p);
    try {
      assertThat(view.wrap(direct, new byte[10])).as("scratch too small").isFalse();
      assertThat(view.wrap(direct, new byte[2048])).isTrue();
      assertThat(view.sequenceNumber()).isEqualTo(65535);
    } finally {
      direct.release();
      heap.release();
    }
  }

  @Test
  void writerAdvancesWithWraparound() {
    RtpHeaderWriter writer =
        new RtpHeaderWriter().payloadType(8).sequenceNumber(65535).timestamp(0xFFFFFFF0L);
    writer.marker(true).advance(160);
    assertThat(writer.sequenceNumber()).isZero();
    assertThat(writer.timestamp()).isEqualTo(0x90);
    byte[] p = new byte[12];
    writer.write(p, 0);
    assertThat(view.wrap(p, 0, 12)).isTrue();
    assertThat(view.marker()).isFalse();
    assertThat(view.payloadType()).isEqualTo(8);
  }

  @Test
  void sequenceArithmeticIsWraparoundSafe() {
    assertThat(RtpSequence.isAfter(0, 65535)).isTrue();
    assertThat(RtpSequence.isAfter(65535, 0)).isFalse();
    assertThat(RtpSequence.delta(65530, 5)).isEqualTo(11);
    assertThat(RtpSequence.delta(5, 65530)).isEqualTo(-11);
    assertThat(RtpSequence.compare(100, 200)).isNegative();
    assertThat(RtpSequence.compare(7, 7)).isZero();
    assertThat(RtpSequence.timestampDelta(0xFFFFFF00L, 0x100L)).isEqualTo(0x200);
    assertThat(RtpSequence.isTimestampAfter(0x100L, 0xFFFFFF00L)).isTrue();
  }
}
