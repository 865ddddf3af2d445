package io.mrcpj.core.media;

import java.util.function.Consumer;

/**
 * In-band DTMF detection on 16-bit PCM at 8 kHz or 16 kHz (ITU-T Q.23 frequencies), reporting one
 * {@link DtmfDigit} per tone.
 *
 * <p>Method: Goertzel filters on the 8 DTMF frequencies and their second harmonics over blocks of
 * 205 samples at 8 kHz (410 at 16 kHz: 25.6 ms, 39 Hz resolution). Two block grids offset by half a
 * block run side by side, so a verdict is produced every 12.8 ms. A verdict names a digit only if:
 *
 * <ul>
 *   <li>the strongest low-group and high-group tones each reach {@link Config#minToneDbfs()};
 *   <li>twist is within limits: high group at most {@link Config#normalTwistDb()} above the low
 *       group, low group at most {@link Config#reverseTwistDb()} above the high group;
 *   <li>every other tone of the same group is at least {@link Config#relativePeakDb()} weaker;
 *   <li>each second harmonic is at least {@link Config#harmonicDb()} below its fundamental (speech
 *       is rich in harmonics, DTMF is not); skipped for a low-group harmonic that lies within two
 *       bins of the detected high-group tone, where the tone's own leakage would trip it;
 *   <li>the two tones carry at least {@link Config#minToneEnergyRatio()} of the block energy
 *       (default 0.85). A tone covering a fraction f of a block yields a ratio of about f, so this
 *       also rejects blocks only partly covered by a tone: together with the two agreeing verdicts
 *       below, tones of 50 ms are always detected, 40 ms usually, 20 ms never.
 * </ul>
 *
 * A digit is reported once it has been seen in {@link Config#minOnVerdicts()} consecutive verdicts
 * (default 2), and a new digit needs {@link Config#minOffVerdicts()} consecutive verdicts without a
 * digit first (default 2, a gap of about 25-40 ms). The digit is reported at detection time, so its
 * duration is the minimum detected duration and {@code ended} is {@code false}; the start timestamp
 * is the sample offset in the stream of the first block that saw it. No allocation per call except
 * the reported digit. Not thread-safe.
 */
public final class GoertzelDtmfDetector {

  private static final double[] FREQS = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
  private static final char[][] KEYS = {
    {'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}
  };

  private final Config config;
  private final Consumer<DtmfDigit> listener;
  private final int blockSize;
  private final float[] coeff = new float[16]; // 0..7 fundamentals, 8..15 second harmonics
  private final boolean[] skipHarmonic = new boolean[4 * 4]; // [row * 4 + col]
  // The last blockSize samples, written twice (at i and i + blockSize) so they are always one
  // contiguous run: buf[write + 1 .. write + blockSize], oldest first.
  private final float[] buf;
  private int write;
  private final int[] count = new int[2];
  private final long[] blockStart = new long[2];
  private final double[] power = new double[8];
  private final double minPower;

  private long samples;
  private int lastVerdict = -1;
  private int onRun;
  private long runStart;
  private int offRun;
  private boolean armed = true;
  private long reported;

  /**
   * @param sampleRate 8000 or 16000
   * @param listener receives each detected digit on the calling thread
   */
  public GoertzelDtmfDetector(int sampleRate, Config config, Consumer<DtmfDigit> listener) {
    if (sampleRate != 8000 && sampleRate != 16000) {
      throw new IllegalArgumentException("sample rate must be 8000 or 16000: " + sampleRate);
    }
    if (config == null || listener == null) {
      throw new IllegalArgumentException("config and listener are required");
    }
    this.config = config;
    this.listener = listener;
    this.blockSize = 205 * sampleRate / 8000;
    this.buf = new float[2 * blockSize];
    for (int i = 0; i < 8; i++) {
      coeff[i] = (float) (2 * Math.cos(2 * Math.PI * FREQS[i] / sampleRate));
      coeff[i + 8] = (float) (2 * Math.cos(2 * Math.PI * 2 * FREQS[i] / sampleRate));
    }
    double binHz = (double) sampleRate / blockSize;
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        skipHarmonic[r * 4 + c] = Math.abs(2 * FREQS[r] - FREQS[4 + c]) < 2 * binHz;
      }
    }
    // Goertzel power of a sine of amplitude A over N samples is about (A * N / 2)^2.
    double minAmplitude = 32768 * Math.pow(10, config.minToneDbfs() / 20);
    this.minPower = Math.pow(minAmplitude * blockSize / 2, 2);
    reset();
  }

  /** Detector with the default {@link Config}. */
  public GoertzelDtmfDetector(int sampleRate, Consumer<DtmfDigit> listener) {
    this(sampleRate, Config.builder().build(), listener);
  }

  /** Block length in samples. */
  public int blockSize() {
    return blockSize;
  }

  /** Digits reported so far. */
  public long digits() {
    return reported;
  }

  /** Feeds {@code length} samples of {@code pcm[offset..]}; any length, any split. */
  public void process(short[] pcm, int offset, int length) {
    G711.checkRanges(pcm.length, offset, length, 0, 0, 0);
    for (int i = 0; i < length; i++) {
      float x = pcm[offset + i];
      write = write + 1 == blockSize ? 0 : write + 1;
      buf[write] = x;
      buf[write + blockSize] = x;
      for (int w = 0; w < 2; w++) {
        if (count[w] < 0) {
          count[w]++; // the second grid starts half a block late
          if (count[w] == 0) {
            blockStart[w] = samples + 1;
          }
          continue;
        }
        if (++count[w] == blockSize) {
          verdict(w);
        }
      }
      samples++;
    }
  }

  /** Clears all state (new stream). */
  public void reset() {
    java.util.Arrays.fill(buf, 0f);
    write = 0;
    count[0] = 0;
    count[1] = -(blockSize / 2);
    blockStart[0] = 0;
    samples = 0;
    lastVerdict = -1;
    onRun = 0;
    offRun = 0;
    armed = true;
  }

  /**
   * The verdict on the block that just ended (the last {@code blockSize} samples). The filters run
   * over the kept samples only when the block is loud enough to hold two tones at the minimum
   * level, and the second harmonics only for a block that passed every other test: silence and most
   * speech cost a sum of squares, not sixteen filters.
   */
  private void verdict(int w) {
    int from = write + 1;
    double blockEnergy = 0;
    for (int n = from; n < from + blockSize; n++) {
      blockEnergy += (double) buf[n] * buf[n];
    }
    // two tones each at the minimum power P carry an energy of 2 * 2P / N
    int digit = blockEnergy < 4 * minPower / blockSize ? -1 : classify(blockEnergy, from);
    long start = blockStart[w];
    count[w] = 0;
    blockStart[w] = samples + 1;
    track(digit, start);
  }

  /**
   * The eight fundamentals' powers into {@code power}, in one pass: the eight recurrences are
   * independent, so running them side by side keeps the CPU busy where one alone would wait on its
   * previous step.
   */
  private void fundamentals(int from) {
    float c0 = coeff[0];
    float c1 = coeff[1];
    float c2 = coeff[2];
    float c3 = coeff[3];
    float c4 = coeff[4];
    float c5 = coeff[5];
    float c6 = coeff[6];
    float c7 = coeff[7];
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f, b4 = 0f, b5 = 0f, b6 = 0f, b7 = 0f;
    for (int n = from; n < from + blockSize; n++) {
      float x = buf[n];
      float t0 = x + c0 * a0 - b0;
      float t1 = x + c1 * a1 - b1;
      float t2 = x + c2 * a2 - b2;
      float t3 = x + c3 * a3 - b3;
      float t4 = x + c4 * a4 - b4;
      float t5 = x + c5 * a5 - b5;
      float t6 = x + c6 * a6 - b6;
      float t7 = x + c7 * a7 - b7;
      b0 = a0;
      b1 = a1;
      b2 = a2;
      b3 = a3;
      b4 = a4;
      b5 = a5;
      b6 = a6;
      b7 = a7;
      a0 = t0;
      a1 = t1;
      a2 = t2;
      a3 = t3;
      a4 = t4;
      a5 = t5;
      a6 = t6;
      a7 = t7;
    }
    power[0] = power(a0, b0, c0);
    power[1] = power(a1, b1, c1);
    power[2] = power(a2, b2, c2);
    power[3] = power(a3, b3, c3);
    power[4] = power(a4, b4, c4);
    power[5] = power(a5, b5, c5);
    power[6] = power(a6, b6, c6);
    power[7] = power(a7, b7, c7);
  }

  private static double power(float a, float b, float c) {
    return (double) a * a + (double) b * b - (double) c * a * b;
  }

  /** Goertzel power of filter {@code k} over the block starting at {@code buf[from]}. */
  private double goertzel(int k, int from) {
    float c = coeff[k];
    float a = 0f;
    float b = 0f;
    for (int n = from; n < from + blockSize; n++) {
      float s = buf[n] + c * a - b;
      b = a;
      a = s;
    }
    return power(a, b, c);
  }

  private int classify(double blockEnergy, int from) {
    fundamentals(from);
    int row = strongest(0);
    int col = strongest(4);
    double pr = power[row];
    double pc = power[col];
    if (pr < minPower || pc < minPower) {
      return -1;
    }
    if (pc > pr * dbToRatio(config.normalTwistDb())
        || pr > pc * dbToRatio(config.reverseTwistDb())) {
      return -1;
    }
    double peak = dbToRatio(config.relativePeakDb());
    for (int k = 0; k < 4; k++) {
      if ((k != row && power[k] * peak > pr) || (k + 4 != col && power[k + 4] * peak > pc)) {
        return -1;
      }
    }
    // Energy of a sine from its Goertzel power: 2 * P / N.
    double toneEnergy = 2 * (pr + pc) / blockSize;
    if (toneEnergy < config.minToneEnergyRatio() * blockEnergy) {
      return -1;
    }
    double harmonic = dbToRatio(config.harmonicDb());
    int c = col - 4;
    if (!skipHarmonic[row * 4 + c] && goertzel(row + 8, from) * harmonic > pr) {
      return -1;
    }
    if (goertzel(col + 8, from) * harmonic > pc) {
      return -1;
    }
    return row * 4 + c;
  }

  private int strongest(int from) {
    int best = from;
    for (int k = from + 1; k < from + 4; k++) {
      if (power[k] > power[best]) {
        best = k;
      }
    }
    return best;
  }

  private void track(int digit, long start) {
    if (digit < 0) {
      onRun = 0;
      lastVerdict = -1;
      if (++offRun >= config.minOffVerdicts()) {
        armed = true;
      }
      return;
    }
    offRun = 0;
    if (digit != lastVerdict) {
      lastVerdict = digit;
      onRun = 0;
      runStart = start;
    }
    onRun++;
    if (armed && onRun >= config.minOnVerdicts()) {
      armed = false;
      reported++;
      long duration = samples + 1 - runStart;
      listener.accept(new DtmfDigit(KEYS[digit / 4][digit % 4], runStart, duration, false));
    }
  }

  private static double dbToRatio(double db) {
    return Math.pow(10, db / 10);
  }

  /**
   * Detection thresholds; immutable, built with {@link #builder()}.
   *
   * @param minToneDbfs minimum level of each tone, dB relative to a full-scale sine
   * @param normalTwistDb how much stronger the high-group tone may be than the low-group tone
   * @param reverseTwistDb how much stronger the low-group tone may be than the high-group tone
   * @param relativePeakDb how much weaker every other tone of the same group must be
   * @param harmonicDb how much weaker each second harmonic must be than its fundamental
   * @param minToneEnergyRatio share of the block energy the two tones must carry (0..1)
   * @param minOnVerdicts consecutive verdicts (12.8 ms apart) that must agree on a digit
   * @param minOffVerdicts consecutive verdicts without a digit before the next digit
   */
  public record Config(
      double minToneDbfs,
      double normalTwistDb,
      double reverseTwistDb,
      double relativePeakDb,
      double harmonicDb,
      double minToneEnergyRatio,
      int minOnVerdicts,
      int minOffVerdicts) {

    /** Validates the ranges. */
    public Config {
      if (minToneDbfs > 0 || normalTwistDb < 0 || reverseTwistDb < 0 || relativePeakDb < 0) {
        throw new IllegalArgumentException("level thresholds out of range");
      }
      if (harmonicDb < 0 || minToneEnergyRatio < 0 || minToneEnergyRatio > 1) {
        throw new IllegalArgumentException("harmonic or energy ratio out of range");
      }
      if (minOnVerdicts < 1 || minOnVerdicts > 100 || minOffVerdicts < 1 || minOffVerdicts > 100) {
        throw new IllegalArgumentException("verdict counts must be 1..100");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
      private double minToneDbfs = -36;
      private double normalTwistDb = 8;
      private double reverseTwistDb = 8;
      private double relativePeakDb = 10;
      private double harmonicDb = 10;
      private double minToneEnergyRatio = 0.85;
      private int minOnVerdicts = 2;
      private int minOffVerdicts = 2;

      public Builder minToneDbfs(double v) {
        minToneDbfs = v;
        return this;
      }

      public Builder normalTwistDb(double v) {
        normalTwistDb = v;
        return this;
      }

      public Builder reverseTwistDb(double v) {
        reverseTwistDb = v;
        return this;
      }

      public Builder relativePeakDb(double v) {
        relativePeakDb = v;
        return this;
      }

      public Builder harmonicDb(double v) {
        harmonicDb = v;
        return this;
      }

      public Builder minToneEnergyRatio(double v) {
        minToneEnergyRatio = v;
        return this;
      }

      public Builder minOnVerdicts(int v) {
        minOnVerdicts = v;
        return this;
      }

      public Builder minOffVerdicts(int v) {
        minOffVerdicts = v;
        return this;
      }

      public Config build() {
        return new Config(
            minToneDbfs,
            normalTwistDb,
            reverseTwistDb,
            relativePeakDb,
            harmonicDb,
            minToneEnergyRatio,
            minOnVerdicts,
            minOffVerdicts);
      }
    }
  }
}
