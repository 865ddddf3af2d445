package io.mrcpj.client.cli;

import io.mrcpj.client.AudioSource;

/** The harness's audio when none is given: something an energy detector takes for speech. */
final class DefaultAudio {

  private DefaultAudio() {}

  /**
   * 2 s at 8 kHz: 300 ms of silence, 1.2 s of a buzz (a 140 Hz voice-like pitch with its first
   * harmonics, swelling and fading like a phrase, peaks near -12 dBFS), 500 ms of silence.
   */
  static AudioSource buzz() {
    int rate = 8000;
    short[] pcm = new short[rate * 2];
    int from = rate * 3 / 10;
    int n = rate * 12 / 10;
    for (int i = 0; i < n; i++) {
      double t = i / (double) rate;
      double envelope = Math.sin(Math.PI * i / n) * (0.75 + 0.25 * Math.sin(2 * Math.PI * 3 * t));
      double v = 0;
      for (int h = 1; h <= 6; h++) {
        v += Math.sin(2 * Math.PI * 140 * h * t) / h;
      }
      pcm[from + i] = (short) Math.round(envelope * v * 4500);
    }
    return AudioSource.pcm(pcm, rate);
  }
}
