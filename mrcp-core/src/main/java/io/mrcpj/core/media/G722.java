package io.mrcpj.core.media;

import java.util.Arrays;

/**
 * ITU-T G.722 (7 kHz audio coding within 64 kbit/s) in its 64 kbit/s mode, the only one RTP uses
 * (payload type 9, RFC 3551 section 4.5.2), on 16-bit linear PCM at 16 kHz.
 *
 * <p>Sub-band ADPCM (G.722 clauses 3 and 4, computational details in clauses 5 and 6): a 24-tap
 * quadrature mirror filter bank splits the 16 kHz signal into a lower and a higher band sampled at
 * 8 kHz; the lower band is coded with a 6-bit and the higher band with a 2-bit backward-adaptive
 * ADPCM. One octet per pair of input samples carries the higher-band code in its two most
 * significant bits and the lower-band code in the other six. The lower-band predictor runs on the
 * 4-bit inverse quantizer, as the standard prescribes, while the decoder's output uses all 6 bits.
 *
 * <p>All arithmetic is the standard's 16-bit fixed-point arithmetic (its block names QUANTL,
 * INVQAL, LOGSCL, SCALEL, UPPOL1, UPPOL2, UPZERO, FILTEP, FILTEZ, ... appear in comments). 16-bit
 * PCM goes into the transmit QMF as it is (PCM whose two low bits are zero codes exactly as the
 * standard's 14-bit interface); the sub-band signals are 15-bit and the decoder output is scaled
 * back to 16 bits and clipped. Encoder followed by decoder delays the signal by {@value
 * #DELAY_SAMPLES} samples (the two 24-tap QMFs; 1.375 ms).
 *
 * <p>{@link Encoder} and {@link Decoder} hold the state of one stream (QMF delay lines, predictors,
 * scale factors): one instance per stream and direction, not thread-safe. They write into caller
 * arrays and allocate nothing per call. The 56 and 48 kbit/s decoder variants (auxiliary data
 * channel) are not implemented: RTP carries the 64 kbit/s mode.
 */
public final class G722 {

  /** The audio sampling rate in Hz. */
  public static final int SAMPLE_RATE = 16000;

  /**
   * The RTP clock rate in Hz: 8000, although the audio is sampled at 16 kHz, by an error in RFC
   * 1890 kept for compatibility (RFC 3551 section 4.5.2). SDP says {@code a=rtpmap:9 G722/8000}.
   */
  public static final int RTP_CLOCK_RATE = 8000;

  /** Samples (at 16 kHz) by which decode(encode(x)) lags x: the delay of the two QMFs. */
  public static final int DELAY_SAMPLES = 22;

  // QMF coefficients h0..h23 scaled by 2^13 (clause 5): a linear-phase low-pass prototype; the
  // higher band uses the same taps with alternating signs.
  private static final int[] QMF = {
    3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, //
    3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3
  };

  // QUANTL: lower-band decision levels (scaled by 2^12 relative to DETL) and the 6-bit codes of
  // interval MIL for a negative (ILN) or non-negative (ILP) difference signal.
  private static final int[] Q6 = {
    0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023,
    1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919
  };
  private static final int[] ILN = {
    0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11,
    10, 9, 8, 7, 6, 5, 4
  };
  private static final int[] ILP = {
    0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39,
    38, 37, 36, 35, 34, 33, 32
  };

  // INVQBL (64 kbit/s): 6-bit inverse quantizer, output levels relative to DETL scaled by 2^15.
  // Codes 0..3 are not produced by the encoder; the standard maps them to the smallest level.
  private static final int[] QM6 = {
    -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232,
    -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776,
    -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
    10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
    1688, 1360, 1040, 728, 432, 136, -432, -136
  };

  // INVQAL: 4-bit inverse quantizer (the six-bit code without its two least significant bits).
  private static final int[] QM4 = {
    0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584,
    1200, 0
  };

  // LOGSCL: log scale factor multipliers WL indexed through RIL (the 4-bit code's magnitude class).
  private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
  private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};

  // QUANTH / INVQAH / LOGSCH: the 2-bit higher band.
  private static final int Q2 = 564;
  private static final int[] IHN = {0, 1, 0};
  private static final int[] IHP = {0, 3, 2};
  private static final int[] QM2 = {-7408, -1616, 7408, 1616};
  private static final int[] RH2 = {2, 1, 2, 1};
  private static final int[] WH = {0, -214, 798};

  // SCALEL / SCALEH: ILB(i) = 2048 * 2^(i/32), the mantissa of the linear scale factor.
  private static final int[] ILB = {
    2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
    2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008
  };

  private G722() {}

  /** A new encoder for one stream. */
  public static Encoder encoder() {
    return new Encoder();
  }

  /** A new decoder for one stream. */
  public static Decoder decoder() {
    return new Decoder();
  }

  /** 16 kHz PCM to G.722 octets. */
  public static final class Encoder {

    private final int[] x = new int[QMF.length]; // transmit QMF delay line, x[0] the newest
    private final Band low = new Band(true);
    private final Band high = new Band(false);
    private short pending;
    private boolean hasPending;

    private Encoder() {}

    /**
     * Encodes {@code samples} samples of {@code src[srcOffset..]} into {@code dst[dstOffset..]},
     * one octet per two samples. An odd sample left over is kept and paired with the first sample
     * of the next call, so a stream cut into frames of any length encodes exactly as in one piece;
     * {@link #reset} drops it.
     *
     * @return the number of octets written, {@link #encodedLength(int) encodedLength(samples)}
     * @throws IndexOutOfBoundsException if a range does not fit its array (a caller bug)
     */
    public int encode(short[] src, int srcOffset, int samples, byte[] dst, int dstOffset) {
      G711.checkRanges(src.length, srcOffset, samples, dst.length, dstOffset, 0);
      G711.checkRanges(
          src.length, srcOffset, samples, dst.length, dstOffset, encodedLength(samples));
      int i = srcOffset;
      int end = srcOffset + samples;
      int o = dstOffset;
      if (hasPending && i < end) {
        dst[o++] = encodePair(pending, src[i++]);
        hasPending = false;
      }
      for (; end - i >= 2; i += 2) {
        dst[o++] = encodePair(src[i], src[i + 1]);
      }
      if (i < end) {
        pending = src[i];
        hasPending = true;
      }
      return o - dstOffset;
    }

    /** The number of octets the next {@link #encode} of {@code samples} samples writes. */
    public int encodedLength(int samples) {
      return (samples + (hasPending ? 1 : 0)) / 2;
    }

    /** Clears all state (and a kept odd sample), as for a new stream. */
    public void reset() {
      Arrays.fill(x, 0);
      low.reset();
      high.reset();
      pending = 0;
      hasPending = false;
    }

    private byte encodePair(short first, short second) {
      // Transmit QMF (clause 5): x(j) is the newest sample; even taps see x(j), x(j-2), ...
      System.arraycopy(x, 0, x, 2, x.length - 2);
      x[1] = first;
      x[0] = second;
      int even = 0;
      int odd = 0;
      for (int k = 0; k < QMF.length; k += 2) {
        even += QMF[k] * x[k];
        odd += QMF[k + 1] * x[k + 1];
      }
      int xl = limit((even + odd) >> 14);
      int xh = limit((even - odd) >> 14);
      int il = low.quantizeLow(xl);
      int ih = high.quantizeHigh(xh);
      return (byte) ((ih << 6) | il);
    }
  }

  /** G.722 octets to 16 kHz PCM. */
  public static final class Decoder {

    private final int[] xd = new int[QMF.length / 2]; // receive QMF delay lines, [0] the newest
    private final int[] xs = new int[QMF.length / 2];
    private final Band low = new Band(true);
    private final Band high = new Band(false);

    private Decoder() {}

    /**
     * Decodes {@code length} octets of {@code src[srcOffset..]} into {@code dst[dstOffset..]}, two
     * samples per octet. Every octet value is valid input; output stays within 16 bits.
     *
     * @return the number of samples written ({@code 2 * length})
     * @throws IndexOutOfBoundsException if a range does not fit its array (a caller bug)
     */
    public int decode(byte[] src, int srcOffset, int length, short[] dst, int dstOffset) {
      G711.checkRanges(src.length, srcOffset, length, dst.length, dstOffset, 0);
      G711.checkRanges(src.length, srcOffset, length, dst.length, dstOffset, 2 * length);
      int o = dstOffset;
      for (int i = 0; i < length; i++) {
        int code = src[srcOffset + i] & 0xFF;
        int rl = low.reconstructLow(code & 0x3F);
        int rh = high.reconstructHigh(code >>> 6);
        // Receive QMF (clause 5): xout(j) = 2 sum h(2i) xd(i), xout(j+1) = 2 sum h(2i+1) xs(i)
        System.arraycopy(xd, 0, xd, 1, xd.length - 1);
        System.arraycopy(xs, 0, xs, 1, xs.length - 1);
        xd[0] = rl - rh;
        xs[0] = rl + rh;
        int even = 0;
        int odd = 0;
        for (int k = 0; k < xd.length; k++) {
          even += QMF[2 * k] * xd[k];
          odd += QMF[2 * k + 1] * xs[k];
        }
        dst[o++] = (short) sat16(even >> 11);
        dst[o++] = (short) sat16(odd >> 11);
      }
      return o - dstOffset;
    }

    /** Clears all state, as for a new stream. */
    public void reset() {
      Arrays.fill(xd, 0);
      Arrays.fill(xs, 0);
      low.reset();
      high.reset();
    }
  }

  /**
   * The ADPCM state of one sub-band: the pole-zero predictor (two poles, six zeros) and the scale
   * factor, identical in encoder and decoder (clause 6).
   */
  private static final class Band {

    private final boolean lower;
    private final int[] b = new int[7]; // zero predictor coefficients b1..b6
    private final int[] d = new int[7]; // quantized differences, d[0] the newest
    private int a1; // pole predictor coefficients
    private int a2;
    private int p1; // partially reconstructed signal, one and two samples back
    private int p2;
    private int r1; // reconstructed signal, one and two samples back
    private int r2;
    private int sz; // zero-predictor output
    private int s; // signal estimate
    private int nb; // logarithmic scale factor
    private int det; // linear scale factor

    Band(boolean lower) {
      this.lower = lower;
      reset();
    }

    void reset() {
      Arrays.fill(b, 0);
      Arrays.fill(d, 0);
      a1 = a2 = p1 = p2 = r1 = r2 = sz = s = nb = 0;
      det = lower ? 32 : 8;
    }

    /** SUBTRA + QUANTL, then the adaptation; returns the 6-bit code. */
    int quantizeLow(int xl) {
      int el = sat16(xl - s);
      int wd = el ^ (el >> 31); // magnitude; one's complement for negatives, as in QUANTL
      int mil = 1;
      while (mil < Q6.length && wd >= (Q6[mil] * det) >> 12) {
        mil++;
      }
      int il = el < 0 ? ILN[mil] : ILP[mil];
      adaptLow(il);
      return il;
    }

    /** INVQBL + RECONS + LIMIT (decoder), then the adaptation; returns the 15-bit signal. */
    int reconstructLow(int ilr) {
      int rl = limit(s + ((det * QM6[ilr]) >> 15));
      adaptLow(ilr);
      return rl;
    }

    /** SUBTRA + QUANTH, then the adaptation; returns the 2-bit code. */
    int quantizeHigh(int xh) {
      int eh = sat16(xh - s);
      int wd = eh ^ (eh >> 31);
      int mih = wd >= (Q2 * det) >> 12 ? 2 : 1;
      int ih = eh < 0 ? IHN[mih] : IHP[mih];
      adaptHigh(ih);
      return ih;
    }

    /** INVQAH + RECONS + LIMIT (decoder), then the adaptation; returns the 15-bit signal. */
    int reconstructHigh(int ih) {
      int rh = limit(s + ((det * QM2[ih]) >> 15));
      adaptHigh(ih);
      return rh;
    }

    // INVQAL, LOGSCL, SCALEL (the new scale factor serves the next sample), then the predictor.
    private void adaptLow(int il) {
      int il4 = il >> 2;
      int dlt = (det * QM4[il4]) >> 15;
      nb = Math.max(0, Math.min(18432, mult(nb, 32512) + WL[RL42[il4]]));
      det = scale(nb, 8);
      predict(dlt);
    }

    // INVQAH, LOGSCH, SCALEH, then the predictor.
    private void adaptHigh(int ih) {
      int dh = (det * QM2[ih]) >> 15;
      nb = Math.max(0, Math.min(22528, mult(nb, 32512) + WH[RH2[ih]]));
      det = scale(nb, 10);
      predict(dh);
    }

    // SCALEL (base 8) / SCALEH (base 10): 2^(nb / 2048) as mantissa ILB and a shift, times 4.
    private static int scale(int nb, int base) {
      int mantissa = ILB[(nb >> 6) & 31];
      int shift = base - (nb >> 11);
      return (shift >= 0 ? mantissa >> shift : mantissa << -shift) << 2;
    }

    // PARREC, RECONS, UPZERO, UPPOL2, UPPOL1, FILTEZ, FILTEP, PREDIC and the DELAY blocks.
    private void predict(int dlt) {
      int p0 = sat16(dlt + sz);
      int r0 = sat16(s + dlt);

      // UPZERO: b_i <- (1 - 2^-8) b_i + 2^-7 sgn(dlt) sgn(dlt_i), no step when dlt is zero; the
      // delay line moves along as it goes, so FILTEZ below sees dlt(n)..dlt(n-5) in d[1..6]
      d[0] = dlt;
      int step = dlt == 0 ? 0 : 128;
      boolean negative = dlt < 0;
      for (int i = 6; i > 0; i--) {
        int leaked = mult(b[i], 32640);
        b[i] = sat16((d[i] < 0) == negative ? leaked + step : leaked - step);
        d[i] = d[i - 1];
      }

      // UPPOL2: a2 <- (1 - 2^-7) a2 + 2^-7 (sgn p sgn p2 - f(a1) sgn p sgn p1), |a2| <= 0.75;
      // f(a1) = 4 a1 saturated at +/-2 is exactly the 16-bit saturation of a1 << 2 (Q14)
      boolean s0 = p0 < 0;
      boolean s1 = p1 < 0;
      boolean s2 = p2 < 0;
      int f = sat16(a1 << 2);
      int wd2 = s0 == s1 ? sat16(-f) : f;
      int apl2 = (wd2 >> 7) + (s0 == s2 ? 128 : -128) + mult(a2, 32512);
      a2 = Math.max(-12288, Math.min(12288, apl2));

      // UPPOL1: a1 <- (1 - 2^-8) a1 + 3 * 2^-8 sgn p sgn p1, |a1| <= 1 - 2^-4 - a2
      int apl1 = (s0 == s1 ? 192 : -192) + mult(a1, 32640);
      int bound = 15360 - a2;
      a1 = Math.max(-bound, Math.min(bound, apl1));
      p2 = p1;
      p1 = p0;

      // FILTEZ with the new b and dlt(n)..dlt(n-5); FILTEP with the new a and r(n), r(n-1)
      int z = 0;
      for (int i = 6; i > 0; i--) {
        z = sat16(z + mult(sat16(d[i] + d[i]), b[i]));
      }
      sz = z;
      r2 = r1;
      r1 = r0;
      int sp = sat16(mult(sat16(r1 + r1), a1) + mult(sat16(r2 + r2), a2));
      s = sat16(sp + sz); // PREDIC
    }
  }

  // LIMIT: the sub-band signals are 15-bit.
  private static int limit(int v) {
    return Math.max(-16384, Math.min(16383, v));
  }

  private static int sat16(int v) {
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }

  // The standard's 16-bit fractional multiply: (a * b) >> 15, saturated.
  private static int mult(int a, int b) {
    return sat16((a * b) >> 15);
  }
}
