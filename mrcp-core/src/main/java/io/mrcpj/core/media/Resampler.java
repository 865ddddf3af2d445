package io.mrcpj.core.media;

/**
 * Streaming sample-rate conversion between 8 kHz and 16 kHz for 16-bit PCM, one instance per stream
 * and direction. Filter state is kept across calls, so feeding a signal in 20 ms frames gives
 * exactly the same output as feeding it at once. Writes into caller arrays; nothing is allocated
 * per call. Not thread-safe.
 *
 * <p>Filter: one linear-phase FIR low-pass designed at 16 kHz, {@value #TAPS} taps, windowed sinc
 * with a Kaiser window (beta {@value #KAISER_BETA}, about 60 dB stopband), cutoff (-6 dB) at
 * {@value #CUTOFF_HZ} Hz. Computed response: flat within 0.1 dB up to 3.2 kHz, -1.4 dB at 3.4 kHz
 * (the top of the telephone band), at least 40 dB attenuation from 4 kHz and at least 65 dB from
 * 4.4 kHz; so when decimating, what aliases into the band above 3.6 kHz is at least 40 dB down and
 * what aliases below 3.6 kHz at least 65 dB. Group delay {@code (TAPS-1)/2} = 31.5 samples at 16
 * kHz (about 2 ms). Cost: 64 multiply-adds per output sample (16 kHz side).
 *
 * <ul>
 *   <li>{@link #upsampler()} 8 -> 16 kHz: zero insertion then the low-pass (gain 2), computed as
 *       two 32-tap polyphase branches; output length is exactly twice the input length.
 *   <li>{@link #downsampler()} 16 -> 8 kHz: anti-alias low-pass then keep every second sample; an
 *       odd input length is handled by carrying the phase to the next call.
 * </ul>
 */
public final class Resampler {

  /** Number of FIR taps at 16 kHz. */
  public static final int TAPS = 64;

  /** Cutoff frequency of the low-pass in Hz. */
  public static final double CUTOFF_HZ = 3600.0;

  /** Kaiser window parameter. */
  public static final double KAISER_BETA = 5.65;

  private static final double HIGH_RATE = 16000.0;

  /** Conversion direction. */
  public enum Direction {
    /** 8 kHz to 16 kHz. */
    UP,
    /** 16 kHz to 8 kHz. */
    DOWN
  }

  private final Direction direction;
  // UP: the two polyphase branches (even and odd taps, scaled by 2 to restore the level lost to
  // zero insertion), each contiguous so the dot products run over consecutive elements.
  // DOWN: all taps in branch 0.
  private final float[][] branches;
  // Delay line stored twice (at i and i + len) so a dot product never wraps.
  private final float[] history;
  private final int historyLength;
  private int position;
  private boolean oddPhase;

  private Resampler(Direction direction) {
    this.direction = direction;
    double[] h = design();
    if (direction == Direction.UP) {
      branches = new float[2][TAPS / 2];
      for (int i = 0; i < TAPS; i++) {
        branches[i & 1][i >> 1] = (float) (2 * h[i]);
      }
    } else {
      branches = new float[1][TAPS];
      for (int i = 0; i < TAPS; i++) {
        branches[0][i] = (float) h[i];
      }
    }
    this.historyLength = direction == Direction.UP ? TAPS / 2 : TAPS;
    this.history = new float[2 * historyLength];
  }

  /** A new 8 kHz -> 16 kHz converter. */
  public static Resampler upsampler() {
    return new Resampler(Direction.UP);
  }

  /** A new 16 kHz -> 8 kHz converter. */
  public static Resampler downsampler() {
    return new Resampler(Direction.DOWN);
  }

  public Direction direction() {
    return direction;
  }

  /**
   * Largest number of output samples {@link #process} can produce for {@code inputLength} input
   * samples.
   */
  public int maxOutputLength(int inputLength) {
    return direction == Direction.UP ? 2 * inputLength : (inputLength + 1) / 2;
  }

  /**
   * Converts {@code length} samples of {@code in[inOffset..]} into {@code out[outOffset..]}.
   *
   * @return the number of output samples written (at most {@link #maxOutputLength})
   * @throws IndexOutOfBoundsException if a range does not fit its array (a caller bug)
   */
  public int process(short[] in, int inOffset, int length, short[] out, int outOffset) {
    G711.checkRanges(in.length, inOffset, length, out.length, outOffset, 0);
    int needed = direction == Direction.UP ? 2 * length : (length + (oddPhase ? 1 : 0)) / 2;
    G711.checkRanges(in.length, inOffset, length, out.length, outOffset, needed);
    int o = outOffset;
    for (int i = 0; i < length; i++) {
      push(in[inOffset + i]);
      if (direction == Direction.UP) {
        // Input x[n] at 16 kHz sits at even positions; odd positions are the inserted zeros.
        out[o++] = clamp(dot(0));
        out[o++] = clamp(dot(1));
      } else {
        if (oddPhase) {
          out[o++] = clamp(dot(0));
        }
        oddPhase = !oddPhase;
      }
    }
    return o - outOffset;
  }

  /** Clears the filter state, as for a new stream. */
  public void reset() {
    java.util.Arrays.fill(history, 0f);
    position = 0;
    oddPhase = false;
  }

  private void push(short sample) {
    position = position == 0 ? historyLength - 1 : position - 1;
    history[position] = sample;
    history[position + historyLength] = sample;
  }

  // history[position + k] is the k-th most recent input sample. Four partial sums let the CPU
  // overlap the multiply-adds (the branch lengths, 32 and 64, are multiples of four).
  private float dot(int phase) {
    float[] t = branches[phase];
    float[] x = history;
    int p = position;
    float a0 = 0f;
    float a1 = 0f;
    float a2 = 0f;
    float a3 = 0f;
    for (int k = 0; k < t.length; k += 4) {
      a0 += t[k] * x[p + k];
      a1 += t[k + 1] * x[p + k + 1];
      a2 += t[k + 2] * x[p + k + 2];
      a3 += t[k + 3] * x[p + k + 3];
    }
    return (a0 + a1) + (a2 + a3);
  }

  private static short clamp(float v) {
    int r = Math.round(v);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
  }

  /** Windowed-sinc low-pass at 16 kHz, normalized to unit DC gain. */
  static double[] design() {
    double[] h = new double[TAPS];
    double fc = CUTOFF_HZ / HIGH_RATE;
    double mid = (TAPS - 1) / 2.0;
    double sum = 0;
    double i0Beta = besselI0(KAISER_BETA);
    for (int n = 0; n < TAPS; n++) {
      double t = n - mid;
      double sinc =
          2 * fc * (t == 0 ? 1.0 : Math.sin(2 * Math.PI * fc * t) / (2 * Math.PI * fc * t));
      double r = t / mid;
      double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      h[n] = sinc * window;
      sum += h[n];
    }
    for (int n = 0; n < TAPS; n++) {
      h[n] /= sum;
    }
    return h;
  }

  // Zeroth-order modified Bessel function of the first kind, power series (converges fast here).
  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }
}
