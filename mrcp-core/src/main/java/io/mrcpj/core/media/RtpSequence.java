package io.mrcpj.core.media;

/**
 * Wraparound-safe arithmetic on RTP sequence numbers (16 bit) and timestamps (32 bit), RFC 3550
 * §5.1 and Appendix A.1: two values are compared by the sign of their difference taken modulo 2^16
 * (or 2^32), so the comparison is correct as long as the values are less than half the range apart.
 */
public final class RtpSequence {

  private RtpSequence() {}

  /**
   * Signed distance from {@code a} to {@code b} in the 16-bit sequence space, in [-32768, 32767]:
   * positive if {@code b} is after {@code a}.
   */
  public static int delta(int a, int b) {
    return (short) (b - a);
  }

  /** Whether sequence number {@code b} comes after {@code a} (wraparound-safe). */
  public static boolean isAfter(int b, int a) {
    return delta(a, b) > 0;
  }

  /** Comparator-style result for sequence numbers: negative if a before b, 0 if equal. */
  public static int compare(int a, int b) {
    return -delta(a, b);
  }

  /** Signed distance from timestamp {@code a} to {@code b} in the 32-bit timestamp space. */
  public static long timestampDelta(long a, long b) {
    return (int) (b - a);
  }

  /** Whether timestamp {@code b} is after {@code a} (wraparound-safe). */
  public static boolean isTimestampAfter(long b, long a) {
    return timestampDelta(a, b) > 0;
  }
}
