package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResamplerTest {

  private static short[] run(Resampler r, short[] in, int chunk) {
    short[] out = new short[r.maxOutputLength(in.length) + 1];
    int o = 0;
    for (int i = 0; i < in.length; i += chunk) {
      o += r.process(in, i, Math.min(chunk, in.length - i), out, o);
    }
    return java.util.Arrays.copyOf(out, o);
  }

  private static double gainDb(short[] in, short[] out) {
    // skip the first and last 100 ms: filter start-up and group delay
    double inRms = TestAudio.rms(in, in.length / 10, in.length - in.length / 10);
    double outRms = TestAudio.rms(out, out.length / 10, out.length - out.length / 10);
    return 20 * Math.log10(outRms / inRms);
  }

  @Test
  void oneKilohertzKeepsItsLevelThrough8to16() {
    short[] in = TestAudio.sine(8000, 1000, 10000, 8000);
    short[] out = run(Resampler.upsampler(), in, 160);
    assertThat(out).hasSize(16000);
    assertThat(gainDb(in, out)).isBetween(-0.5, 0.5);
  }

  @Test
  void oneKilohertzKeepsItsLevelThrough16to8() {
    short[] in = TestAudio.sine(16000, 1000, 10000, 16000);
    short[] out = run(Resampler.downsampler(), in, 320);
    assertThat(out).hasSize(8000);
    assertThat(gainDb(in, out)).isBetween(-0.5, 0.5);
  }

  @Test
  void sixKilohertzIsAttenuatedBy40DbWhenDownsampling() {
    short[] in = TestAudio.sine(16000, 6000, 20000, 16000);
    short[] out = run(Resampler.downsampler(), in, 320);
    assertThat(gainDb(in, out)).isLessThanOrEqualTo(-40);
  }

  @Test
  void passbandAndStopbandEdgesMatchTheDocumentedResponse() {
    short[] pass = TestAudio.sine(16000, 3000, 10000, 16000);
    assertThat(gainDb(pass, run(Resampler.downsampler(), pass, 320))).isBetween(-0.5, 0.5);
    short[] stop = TestAudio.sine(16000, 4500, 20000, 16000);
    assertThat(gainDb(stop, run(Resampler.downsampler(), stop, 320))).isLessThanOrEqualTo(-60);
  }

  @Test
  void upsampledToneIsTheSameSineDelayedByTheFilter() {
    // Zero insertion leaves an image at 7 kHz; only if the low-pass removes it does the output
    // follow the 1 kHz sine sample by sample (the interpolated odd samples included).
    short[] in = TestAudio.sine(8000, 1000, 10000, 8000);
    short[] out = run(Resampler.upsampler(), in, 160);
    double err = 0;
    int delay = Resampler.TAPS / 2; // the filter's group delay is 31.5 samples at 16 kHz
    for (int i = 2000; i < 14000; i++) {
      double expected = 10000 * Math.sin(2 * Math.PI * 1000 * (i - (delay - 0.5)) / 16000);
      err = Math.max(err, Math.abs(out[i] - expected));
    }
    assertThat(err).isLessThan(150);
  }

  @Test
  void frameSplitsDoNotChangeTheOutput() {
    short[] speech = TestAudio.load("speech-8k.wav").samples();
    short[] whole = run(Resampler.upsampler(), speech, speech.length);
    assertThat(run(Resampler.upsampler(), speech, 160)).isEqualTo(whole);
    assertThat(run(Resampler.upsampler(), speech, 7)).isEqualTo(whole);

    short[] wide = whole;
    short[] down = run(Resampler.downsampler(), wide, wide.length);
    assertThat(run(Resampler.downsampler(), wide, 320)).isEqualTo(down);
    assertThat(run(Resampler.downsampler(), wide, 33)).as("odd chunks").isEqualTo(down);
    assertThat(down).hasSize(speech.length);
  }

  @Test
  void resetForgetsState() {
    Resampler r = Resampler.downsampler();
    short[] in = TestAudio.sine(16000, 1000, 10000, 640);
    short[] first = run(r, in, 640);
    r.reset();
    assertThat(run(r, in, 640)).isEqualTo(first);
    assertThat(r.direction()).isEqualTo(Resampler.Direction.DOWN);
  }
}
