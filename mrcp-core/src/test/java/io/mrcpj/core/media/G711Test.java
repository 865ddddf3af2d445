package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class G711Test {

  // Expected values from ITU-T G.711 (11/88): Table 2 (mu-law) gives the largest decoder output as
  // 8031 on the 14-bit scale (x4 = 32124) and 0 for the two zero codes (0xFF and 0x7F after the
  // inversion of all bits); Table 1 (A-law) gives the largest output as 4032 on the 13-bit scale
  // (x8 = 32256) and the smallest as 1 (x8 = 8), with the even bits inverted (0xD5 = +smallest).
  @Test
  void muLawDecodesReferenceValues() {
    assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
    assertThat(G711.ulawToLinear((byte) 0x7F)).isEqualTo((short) 0);
    assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
    assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
    // segment 0, step 2 on the 14-bit scale: code 0xFE is the first level, 2 * 1 = 2 -> x4 = 8
    assertThat(G711.ulawToLinear((byte) 0xFE)).isEqualTo((short) 8);
  }

  @Test
  void aLawDecodesReferenceValues() {
    assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
    assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
    assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
    assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
  }

  @Test
  void encodesSilenceAndExtremes() {
    assertThat(G711.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
    assertThat(G711.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
    assertThat(G711.linearToAlaw((short) -1)).isEqualTo((byte) 0x55);
    assertThat(G711.linearToUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
    assertThat(G711.linearToUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
    assertThat(G711.linearToAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
    assertThat(G711.linearToAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
  }

  @Test
  void muLawRoundTripErrorIsWithinHalfAStepOverTheWholeRange() {
    int previous = Integer.MIN_VALUE;
    for (int x = -32768; x <= 32767; x++) {
      int y = G711.ulawToLinear(G711.linearToUlaw((short) x));
      int magnitude = Math.min(Math.abs(x), 32124);
      // a segment's step is 1/16 of its lower bound (biased by 132), so half a step is 1/32
      int bound = (magnitude + 132) / 32 + 1 + (Math.abs(x) - magnitude);
      assertThat(Math.abs(y - x)).as("x=%d y=%d", x, y).isLessThanOrEqualTo(bound);
      assertThat(y).as("monotonic at %d", x).isGreaterThanOrEqualTo(previous);
      previous = y;
    }
  }

  @Test
  void aLawRoundTripErrorIsWithinHalfAStepOverTheWholeRange() {
    int previous = Integer.MIN_VALUE;
    for (int x = -32768; x <= 32767; x++) {
      int y = G711.alawToLinear(G711.linearToAlaw((short) x));
      int magnitude = Math.min(Math.abs(x), 32256);
      int bound = Math.max(8, magnitude / 32) + 1 + (Math.abs(x) - magnitude);
      assertThat(Math.abs(y - x)).as("x=%d y=%d", x, y).isLessThanOrEqualTo(bound);
      assertThat(y).as("monotonic at %d", x).isGreaterThanOrEqualTo(previous);
      previous = y;
    }
  }

  @Test
  void everyCodeSurvivesDecodeThenEncode() {
    for (int c = 0; c < 256; c++) {
      short mu = G711.ulawToLinear((byte) c);
      assertThat(G711.ulawToLinear(G711.linearToUlaw(mu))).isEqualTo(mu);
      short a = G711.alawToLinear((byte) c);
      assertThat(G711.linearToAlaw(a)).isEqualTo((byte) c);
    }
  }

  @Test
  void bulkConversionMatchesSingleSamples() {
    byte[] codes = new byte[256];
    for (int i = 0; i < 256; i++) {
      codes[i] = (byte) i;
    }
    short[] pcm = new short[260];
    assertThat(G711.decodeUlaw(codes, 0, 256, pcm, 4)).isEqualTo(256);
    assertThat(pcm[4 + 0x80]).isEqualTo((short) 32124);
    byte[] back = new byte[256];
    G711.encodeUlaw(pcm, 4, 256, back, 0);
    G711.decodeAlaw(codes, 0, 256, pcm, 0);
    assertThat(pcm[0xD5]).isEqualTo((short) 8);
    G711.encodeAlaw(pcm, 0, 256, back, 0);
    assertThat(back).isEqualTo(codes);
    assertThatThrownBy(() -> G711.decodeUlaw(codes, 10, 256, pcm, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void l16IsBigEndian() {
    short[] in = {0x1234, -2, Short.MIN_VALUE};
    byte[] bytes = new byte[7];
    assertThat(L16.encode(in, 0, 3, bytes, 0)).isEqualTo(6);
    assertThat(bytes).startsWith((byte) 0x12, (byte) 0x34, (byte) 0xFF, (byte) 0xFE, (byte) 0x80);
    short[] out = new short[3];
    assertThat(L16.decode(bytes, 0, 7, out, 0)).isEqualTo(3);
    assertThat(out).isEqualTo(in);
  }
}
