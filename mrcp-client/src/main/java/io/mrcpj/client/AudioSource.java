package io.mrcpj.client;

import io.mrcpj.core.media.WavFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Caller audio to send: 16-bit mono PCM at 8 or 16 kHz. */
public final class AudioSource {

  private final short[] samples;
  private final int sampleRate;

  private AudioSource(short[] samples, int sampleRate) {
    if (sampleRate != 8000 && sampleRate != 16000) {
      throw new IllegalArgumentException(
          "audio must be at 8000 or 16000 Hz, not " + sampleRate + " Hz");
    }
    this.samples = Objects.requireNonNull(samples, "samples");
    this.sampleRate = sampleRate;
  }

  /** PCM samples at {@code sampleRate} (8000 or 16000); the array is not copied. */
  public static AudioSource pcm(short[] samples, int sampleRate) {
    return new AudioSource(samples, sampleRate);
  }

  /** Silence of {@code millis} at 8 kHz. */
  public static AudioSource silence(int millis) {
    return new AudioSource(new short[8 * millis], 8000);
  }

  /**
   * A WAV file: mono, 16-bit PCM, 8000 or 16000 Hz.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException when it is not such a WAV file (the message says why)
   */
  public static AudioSource wav(Path path) throws IOException {
    WavFile w = WavFile.read(Files.readAllBytes(path));
    return new AudioSource(w.samples(), w.sampleRate());
  }

  /** A WAV file's bytes (see {@link #wav(Path)}). */
  public static AudioSource wav(byte[] bytes) {
    WavFile w = WavFile.read(bytes);
    return new AudioSource(w.samples(), w.sampleRate());
  }

  public short[] samples() {
    return samples;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public long durationMillis() {
    return samples.length * 1000L / sampleRate;
  }
}
