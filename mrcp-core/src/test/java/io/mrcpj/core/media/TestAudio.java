package io.mrcpj.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the WAV fixtures made by scripts/make-test-audio.sh. */
final class TestAudio {

  private TestAudio() {}

  static WavFile load(String name) {
    try (InputStream in = TestAudio.class.getResourceAsStream("/audio/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return WavFile.read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static short[] sine(int rate, double hz, double amplitude, int samples) {
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  static double rms(short[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }
}
