package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class G722Test {

  private static final int RATE = G722.SAMPLE_RATE;
  private static final int FRAME = 320; // 20 ms at 16 kHz, as RTP carries it

  /** Encodes then decodes {@code in} in 20 ms frames with fresh codec instances. */
  private static short[] roundTrip(short[] in) {
    return decode(encode(in, FRAME), FRAME / 2);
  }

  private static byte[] encode(short[] in, int chunk) {
    G722.Encoder encoder = G722.encoder();
    byte[] out = new byte[in.length / 2];
    int o = 0;
    for (int i = 0; i < in.length; i += chunk) {
      o += encoder.encode(in, i, Math.min(chunk, in.length - i), out, o);
    }
    assertThat(o).isEqualTo(out.length);
    return out;
  }

  private static short[] decode(byte[] in, int chunk) {
    G722.Decoder decoder = G722.decoder();
    short[] out = new short[2 * in.length];
    int o = 0;
    for (int i = 0; i < in.length; i += chunk) {
      o += decoder.decode(in, i, Math.min(chunk, in.length - i), out, o);
    }
    assertThat(o).isEqualTo(out.length);
    return out;
  }

  /** SNR of {@code out} against {@code in} delayed by the codec delay, from sample {@code from}. */
  private static double snrDb(short[] in, short[] out, int from) {
    double signal = 0;
    double noise = 0;
    for (int i = from; i < out.length; i++) {
      double x = in[i - G722.DELAY_SAMPLES];
      double e = out[i] - x;
      signal += x * x;
      noise += e * e;
    }
    return 10 * Math.log10(signal / noise);
  }

  private static short[] noise(long seed, double rms, int samples) {
    Random random = new Random(seed);
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(random.nextGaussian() * rms)));
    }
    return out;
  }

  @Test
  void oneKilohertzToneInTheLowerBand() {
    short[] in = TestAudio.sine(RATE, 1000, 10000, RATE);
    short[] out = roundTrip(in);
    assertThat(snrDb(in, out, 1600)).isGreaterThan(44); // measured 47.2 dB
  }

  @Test
  void fiveKilohertzToneInTheHigherBand() {
    // above 4 kHz: it only gets through the 2-bit higher band (G.711 at 8 kHz would lose it)
    short[] in = TestAudio.sine(RATE, 5000, 10000, RATE);
    short[] out = roundTrip(in);
    assertThat(snrDb(in, out, 1600)).isGreaterThan(19); // measured 22.4 dB
    double gainDb = 20 * Math.log10(TestAudio.rms(out, 1600, RATE) / TestAudio.rms(in, 1600, RATE));
    assertThat(gainDb).isBetween(-1.0, 1.0);
  }

  @Test
  void speechThroughTheWidebandPath() {
    short[] narrow = TestAudio.load("speech-8k.wav").samples();
    short[] in = new short[2 * narrow.length];
    Resampler.upsampler().process(narrow, 0, narrow.length, in, 0);
    assertThat(snrDb(in, roundTrip(in), 100)).isGreaterThan(30); // measured 32.7 dB
  }

  @Test
  void delayIsTheQmfDelayWhateverThePairing() {
    assertThat(G722.DELAY_SAMPLES).isEqualTo(22); // 24-tap QMFs: 23 samples, one of them pairing
    for (int start = 0; start < 2; start++) {
      short[] burst = noise(722, 4000, 4000);
      short[] in = new short[start + burst.length];
      System.arraycopy(burst, 0, in, start, burst.length);
      short[] out = roundTrip(Arrays.copyOf(in, in.length & ~1));
      int best = -1;
      double bestCorrelation = -1;
      for (int lag = 0; lag < 48; lag++) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 100; i < out.length; i++) {
          xy += (double) in[i - lag] * out[i];
          xx += (double) in[i - lag] * in[i - lag];
          yy += (double) out[i] * out[i];
        }
        double c = xy / Math.sqrt(xx * yy);
        if (c > bestCorrelation) {
          bestCorrelation = c;
          best = lag;
        }
      }
      assertThat(best).as("lag, start %d", start).isEqualTo(G722.DELAY_SAMPLES);
      assertThat(bestCorrelation).isGreaterThan(0.9);
    }
  }

  @Test
  void silenceStaysSilent() {
    short[] out = roundTrip(new short[RATE]);
    int peak = 0;
    for (short s : out) {
      peak = Math.max(peak, Math.abs(s));
    }
    assertThat(peak).isLessThanOrEqualTo(8); // measured 4: below -78 dBFS
  }

  @Test
  void clippedFullScaleSignalsDoNotWrapAround() {
    // a 1 kHz sine driven 5 dB into clipping, a full-scale 7 kHz sine and the 8 kHz alternation:
    // the band signals and predictors hit their limits; overflow would show as sign flips
    short[] clipped = new short[RATE];
    short[] high = new short[RATE];
    short[] nyquist = new short[RATE];
    for (int i = 0; i < RATE; i++) {
      double v = 58000 * Math.sin(2 * Math.PI * 1000 * i / RATE);
      clipped[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
      high[i] = (short) Math.round(32767 * Math.sin(2 * Math.PI * 7000 * i / RATE));
      nyquist[i] = (short) (i % 2 == 0 ? 32767 : -32768);
    }
    assertThat(snrDb(clipped, roundTrip(clipped), 1600)).isGreaterThan(28); // measured 32.0
    assertThat(snrDb(high, roundTrip(high), 1600)).isGreaterThan(19); // measured 22.3
    assertThat(snrDb(nyquist, roundTrip(nyquist), 1600)).isGreaterThan(38); // measured 43.2
  }

  @Test
  void decoderTakesAnyOctetsAndChunkingDoesNotMatter() {
    byte[] garbage = new byte[40_000];
    new Random(9).nextBytes(garbage);
    for (int i = 0; i < 256; i++) {
      garbage[i] = (byte) i; // every code, including the 6-bit codes 0..3 no encoder sends
    }
    short[] once = decode(garbage, garbage.length);
    assertThat(decode(garbage, 1)).isEqualTo(once);
    assertThat(decode(garbage, 161)).isEqualTo(once);
    long clippedSamples = 0;
    for (short s : once) {
      if (s == Short.MAX_VALUE || s == Short.MIN_VALUE) {
        clippedSamples++;
      }
    }
    // random codes make loud noise that the output stage clips; it must not wrap instead
    assertThat(clippedSamples).isPositive();
    assertThat(TestAudio.rms(once, 0, once.length)).isGreaterThan(5000);
  }

  @Test
  void oddFrameLengthsCarryTheLeftOverSample() {
    short[] in = noise(11, 3000, 4001);
    byte[] whole = new byte[in.length / 2];
    G722.Encoder one = G722.encoder();
    assertThat(one.encode(in, 0, in.length, whole, 0)).isEqualTo(2000);

    G722.Encoder split = G722.encoder();
    byte[] pieces = new byte[whole.length];
    int[] sizes = {1, 2, 3, 159, 160, 161, 7, 0};
    int i = 0;
    int o = 0;
    for (int k = 0; i < in.length; k++) {
      int n = Math.min(sizes[k % sizes.length], in.length - i);
      int expected = split.encodedLength(n);
      int written = split.encode(in, i, n, pieces, o);
      assertThat(written).isEqualTo(expected);
      i += n;
      o += written;
    }
    assertThat(o).isEqualTo(2000);
    assertThat(pieces).isEqualTo(whole);
    assertThat(split.encodedLength(1)).isEqualTo(1); // the 4001st sample waits for a partner
  }

  @Test
  void eachInstanceKeepsItsOwnStream() {
    short[] a = TestAudio.sine(RATE, 440, 8000, 8000);
    short[] b = noise(5, 2000, 8000);
    byte[] aAlone = encode(a, FRAME);
    byte[] bAlone = encode(b, FRAME);

    G722.Encoder encA = G722.encoder();
    G722.Encoder encB = G722.encoder();
    G722.Decoder decA = G722.decoder();
    G722.Decoder decB = G722.decoder();
    byte[] aCodes = new byte[a.length / 2];
    byte[] bCodes = new byte[b.length / 2];
    short[] aOut = new short[a.length];
    short[] bOut = new short[b.length];
    for (int i = 0; i < a.length; i += FRAME) {
      encA.encode(a, i, FRAME, aCodes, i / 2);
      encB.encode(b, i, FRAME, bCodes, i / 2);
      decA.decode(aCodes, i / 2, FRAME / 2, aOut, i);
      decB.decode(bCodes, i / 2, FRAME / 2, bOut, i);
    }
    assertThat(aCodes).isEqualTo(aAlone);
    assertThat(bCodes).isEqualTo(bAlone);
    assertThat(aOut).isEqualTo(decode(aAlone, FRAME / 2));
    assertThat(bOut).isEqualTo(decode(bAlone, FRAME / 2));
  }

  @Test
  void resetReturnsToTheInitialState() {
    short[] warmUp = noise(1, 6000, 1001); // odd: leaves a sample pending as well
    short[] signal = TestAudio.sine(RATE, 1000, 9000, 4000);
    byte[] fresh = encode(signal, signal.length);

    G722.Encoder encoder = G722.encoder();
    byte[] scratch = new byte[1000];
    encoder.encode(warmUp, 0, warmUp.length, scratch, 0);
    encoder.reset();
    assertThat(encoder.encodedLength(1)).isZero();
    byte[] afterReset = new byte[fresh.length];
    assertThat(encoder.encode(signal, 0, signal.length, afterReset, 0)).isEqualTo(fresh.length);
    assertThat(afterReset).isEqualTo(fresh);

    G722.Decoder decoder = G722.decoder();
    decoder.decode(scratch, 0, scratch.length, new short[2000], 0);
    decoder.reset();
    short[] decoded = new short[signal.length];
    decoder.decode(fresh, 0, fresh.length, decoded, 0);
    assertThat(decoded).isEqualTo(decode(fresh, fresh.length));
    // without the reset the warm-up would still be heard: the test can tell the difference
    assertThat(afterReset).isNotEqualTo(encodeAfter(warmUp, signal));
  }

  private static byte[] encodeAfter(short[] first, short[] then) {
    G722.Encoder encoder = G722.encoder();
    encoder.encode(first, 0, first.length, new byte[first.length], 0);
    byte[] out = new byte[then.length / 2];
    encoder.encode(then, 0, then.length, out, 0);
    return out;
  }

  @Test
  void rangesAreCheckedBeforeAnythingChanges() {
    G722.Encoder encoder = G722.encoder();
    short[] pcm = TestAudio.sine(RATE, 700, 5000, 320);
    assertThatThrownBy(() -> encoder.encode(pcm, 0, 320, new byte[159], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> encoder.encode(pcm, 300, 21, new byte[160], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    byte[] out = new byte[160];
    encoder.encode(pcm, 0, 320, out, 0);
    assertThat(out).isEqualTo(encode(pcm, 320));

    G722.Decoder decoder = G722.decoder();
    assertThatThrownBy(() -> decoder.decode(out, 0, 160, new short[319], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> decoder.decode(out, -1, 10, new short[20], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    short[] decoded = new short[322];
    assertThat(decoder.decode(out, 0, 160, decoded, 2)).isEqualTo(320);
    assertThat(Arrays.copyOfRange(decoded, 2, 322)).isEqualTo(decode(out, 160));
  }

  /**
   * The exact output for a fixed signal, so that an arithmetic change (rounding, saturation, QMF
   * scaling) cannot pass unnoticed. When this was written, the sub-band coders (QMF by-passed) were
   * checked bit for bit against the ITU-T G.722 Appendix II digital test sequences, which are not
   * kept here: encoder T1C2.XMT to T2R2.COD in full and the first 624 samples of T1C1.XMT to
   * T2R1.COD, decoder T2R2.COD to T3L2.RC1 and T3H2.RC0 in full.
   */
  @Test
  void outputIsPinned() {
    short[] in = new short[RATE];
    short[] hiss = noise(3, 1500, RATE);
    for (int i = 0; i < RATE; i++) {
      double chirp = StrictMath.sin(2 * Math.PI * (100 + 3.5 * i / 16.0) * i / RATE);
      in[i] = (short) Math.max(-32768, Math.min(32767, Math.round(12000 * chirp) + hiss[i]));
    }
    byte[] codes = encode(in, FRAME);
    short[] out = decode(codes, FRAME / 2);
    assertThat(crc(codes)).isEqualTo(141657139L);
    byte[] pcm = new byte[2 * out.length];
    L16.encode(out, 0, out.length, pcm, 0);
    assertThat(crc(pcm)).isEqualTo(1441010157L);
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
