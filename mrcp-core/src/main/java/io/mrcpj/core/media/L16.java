package io.mrcpj.core.media;

/**
 * L16 (RFC 3551 §4.5.11): 16-bit signed linear PCM in network byte order (big-endian). Converts
 * between payload octets and caller-supplied {@code short[]}; no allocation.
 */
public final class L16 {

  private L16() {}

  /**
   * Decodes {@code byteLength / 2} samples (a trailing odd octet is ignored, as it cannot carry a
   * sample) into {@code dst[dstOffset..]}.
   *
   * @return the number of samples written
   * @throws IndexOutOfBoundsException if a range is outside its array (a caller bug)
   */
  public static int decode(byte[] src, int srcOffset, int byteLength, short[] dst, int dstOffset) {
    int samples = byteLength / 2;
    G711.checkRanges(src.length, srcOffset, byteLength, dst.length, dstOffset, samples);
    for (int i = 0; i < samples; i++) {
      int p = srcOffset + 2 * i;
      dst[dstOffset + i] = (short) ((src[p] << 8) | (src[p + 1] & 0xFF));
    }
    return samples;
  }

  /**
   * Encodes {@code samples} samples big-endian into {@code dst[dstOffset..]}.
   *
   * @return the number of octets written ({@code 2 * samples})
   */
  public static int encode(short[] src, int srcOffset, int samples, byte[] dst, int dstOffset) {
    G711.checkRanges(src.length, srcOffset, samples, dst.length, dstOffset, 2 * samples);
    for (int i = 0; i < samples; i++) {
      short s = src[srcOffset + i];
      dst[dstOffset + 2 * i] = (byte) (s >> 8);
      dst[dstOffset + 2 * i + 1] = (byte) s;
    }
    return 2 * samples;
  }
}
