package io.mrcpj.core.media;

/**
 * ITU-T G.711 mu-law (PCMU, RFC 3551 payload type 0) and A-law (PCMA, payload type 8) on 16-bit
 * linear PCM.
 *
 * <p>The decode tables (256 entries) and encode tables (65536 entries) are computed once at class
 * load from the segment formulas of G.711 and are never modified. Decoded values are the G.711
 * reconstruction levels scaled to 16 bits (mu-law 14-bit values x 4, A-law 13-bit values x 8), so
 * mu-law spans +/-32124 and A-law +/-32256. Encoding clips to the largest segment. Thread-safe
 * (stateless).
 */
public final class G711 {

  private static final int MU_BIAS = 0x84; // 33 in 14-bit units, x4
  private static final int MU_CLIP = 32635; // largest input that stays within segment 7

  private static final short[] MU_DECODE = new short[256];
  private static final short[] A_DECODE = new short[256];
  private static final byte[] MU_ENCODE = new byte[65536];
  private static final byte[] A_ENCODE = new byte[65536];

  static {
    for (int i = 0; i < 256; i++) {
      MU_DECODE[i] = (short) muLawFormula(i);
      A_DECODE[i] = (short) aLawFormula(i);
    }
    for (int s = -32768; s <= 32767; s++) {
      MU_ENCODE[s & 0xFFFF] = muEncodeFormula(s);
      A_ENCODE[s & 0xFFFF] = aEncodeFormula(s);
    }
  }

  private G711() {}

  /** Decodes one mu-law octet to 16-bit linear. */
  public static short ulawToLinear(byte code) {
    return MU_DECODE[code & 0xFF];
  }

  /** Encodes one 16-bit linear sample to mu-law. */
  public static byte linearToUlaw(short sample) {
    return MU_ENCODE[sample & 0xFFFF];
  }

  /** Decodes one A-law octet to 16-bit linear. */
  public static short alawToLinear(byte code) {
    return A_DECODE[code & 0xFF];
  }

  /** Encodes one 16-bit linear sample to A-law. */
  public static byte linearToAlaw(short sample) {
    return A_ENCODE[sample & 0xFFFF];
  }

  /**
   * Decodes {@code length} mu-law octets from {@code src[srcOffset..]} into {@code
   * dst[dstOffset..]}.
   *
   * @return the number of samples written ({@code length})
   * @throws IndexOutOfBoundsException if either range is outside its array (a caller bug)
   */
  public static int decodeUlaw(byte[] src, int srcOffset, int length, short[] dst, int dstOffset) {
    checkRanges(src.length, srcOffset, length, dst.length, dstOffset, length);
    for (int i = 0; i < length; i++) {
      dst[dstOffset + i] = MU_DECODE[src[srcOffset + i] & 0xFF];
    }
    return length;
  }

  /** Decodes A-law like {@link #decodeUlaw}. */
  public static int decodeAlaw(byte[] src, int srcOffset, int length, short[] dst, int dstOffset) {
    checkRanges(src.length, srcOffset, length, dst.length, dstOffset, length);
    for (int i = 0; i < length; i++) {
      dst[dstOffset + i] = A_DECODE[src[srcOffset + i] & 0xFF];
    }
    return length;
  }

  /** Encodes {@code length} samples to mu-law octets; returns {@code length}. */
  public static int encodeUlaw(short[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    checkRanges(src.length, srcOffset, length, dst.length, dstOffset, length);
    for (int i = 0; i < length; i++) {
      dst[dstOffset + i] = MU_ENCODE[src[srcOffset + i] & 0xFFFF];
    }
    return length;
  }

  /** Encodes {@code length} samples to A-law octets; returns {@code length}. */
  public static int encodeAlaw(short[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    checkRanges(src.length, srcOffset, length, dst.length, dstOffset, length);
    for (int i = 0; i < length; i++) {
      dst[dstOffset + i] = A_ENCODE[src[srcOffset + i] & 0xFFFF];
    }
    return length;
  }

  static void checkRanges(
      int srcLen, int srcOff, int srcCount, int dstLen, int dstOff, int dstCount) {
    if (srcCount < 0 || srcOff < 0 || srcOff > srcLen - srcCount) {
      throw new IndexOutOfBoundsException(
          "source range " + srcOff + "+" + srcCount + " of " + srcLen);
    }
    if (dstCount < 0 || dstOff < 0 || dstOff > dstLen - dstCount) {
      throw new IndexOutOfBoundsException(
          "target range " + dstOff + "+" + dstCount + " of " + dstLen);
    }
  }

  // G.711 mu-law: the code is transmitted inverted; sign bit set = positive. Segment e has step
  // 2^(e+1) in 14-bit units and its reconstruction level is ((2m + 33) << e) - 33.
  private static int muLawFormula(int code) {
    int u = ~code & 0xFF;
    int exponent = (u >>> 4) & 0x07;
    int mantissa = u & 0x0F;
    int magnitude = (((mantissa << 3) + MU_BIAS) << exponent) - MU_BIAS;
    return (u & 0x80) != 0 ? -magnitude : magnitude;
  }

  // G.711 A-law: even bits inverted (xor 0x55); sign bit set = positive. Segment 0 and 1 share the
  // step 2 (13-bit units); segment e > 0 starts at 2^(e+4) with step 2^e.
  private static int aLawFormula(int code) {
    int a = (code ^ 0x55) & 0xFF;
    int exponent = (a >>> 4) & 0x07;
    int mantissa = a & 0x0F;
    int magnitude =
        exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
    return (a & 0x80) != 0 ? magnitude : -magnitude;
  }

  private static byte muEncodeFormula(int sample) {
    int sign = sample < 0 ? 0x80 : 0;
    int magnitude = sample < 0 ? -sample : sample;
    magnitude = Math.min(magnitude, MU_CLIP) + MU_BIAS;
    // segment = position of the highest set bit among bits 7..14 of the biased magnitude
    int exponent = 7;
    while (exponent > 0 && (magnitude & (0x80 << exponent)) == 0) {
      exponent--;
    }
    int mantissa = (magnitude >>> (exponent + 3)) & 0x0F;
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  private static byte aEncodeFormula(int sample) {
    // Work on the 13-bit value; negative values are one's complement so that -1 maps like 0.
    int v = sample >> 3;
    int signMask;
    if (v >= 0) {
      signMask = 0xD5; // positive: sign bit set, then the even-bit inversion
    } else {
      signMask = 0x55;
      v = -v - 1;
    }
    int exponent;
    if (v >= 0x1000) {
      return (byte) (0x7F ^ signMask); // beyond segment 7: clip
    } else if (v < 0x20) {
      exponent = 0;
    } else {
      exponent = 31 - Integer.numberOfLeadingZeros(v) - 4; // 0x20..0x3F -> 1, ... 0x800.. -> 7
    }
    int mantissa = exponent == 0 ? (v >> 1) & 0x0F : (v >> exponent) & 0x0F;
    return (byte) (((exponent << 4) | mantissa) ^ signMask);
  }
}
