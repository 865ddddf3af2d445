package io.mrcpj.core.media;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A mono 16-bit PCM WAV file (RIFF/WAVE with a {@code fmt } chunk of format 1 and a {@code data}
 * chunk): an immutable value with a reader and a writer. Other chunks are skipped; other formats,
 * channel counts or sample sizes are rejected with {@link IllegalArgumentException}, which is also
 * the only exception that malformed input raises.
 *
 * <p>Limits: at most {@link #MAX_SAMPLES} samples; the data chunk may be shorter than declared
 * (truncated files are read up to their end, as many recorders leave the size unset).
 */
public final class WavFile {

  /** Largest accepted sample count (about 68 minutes at 16 kHz). */
  public static final int MAX_SAMPLES = 64 * 1024 * 1024;

  private static final int MAX_CHUNKS = 64;

  private final int sampleRate;
  private final short[] samples;

  private WavFile(int sampleRate, short[] samples) {
    this.sampleRate = sampleRate;
    this.samples = samples;
  }

  /**
   * Creates a WAV value from a copy of {@code samples}.
   *
   * @throws IllegalArgumentException for a non-positive rate or too many samples
   */
  public static WavFile of(int sampleRate, short[] samples) {
    if (sampleRate <= 0 || samples.length > MAX_SAMPLES) {
      throw new IllegalArgumentException("bad rate or length: " + sampleRate);
    }
    return new WavFile(sampleRate, samples.clone());
  }

  public int sampleRate() {
    return sampleRate;
  }

  /** A copy of the samples. */
  public short[] samples() {
    return samples.clone();
  }

  public int sampleCount() {
    return samples.length;
  }

  /** Duration in milliseconds. */
  public long durationMillis() {
    return samples.length * 1000L / sampleRate;
  }

  /**
   * Parses a WAV file.
   *
   * @throws IllegalArgumentException if the bytes are not a mono 16-bit PCM WAV file
   */
  public static WavFile read(byte[] bytes) {
    if (bytes == null || bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
      throw new IllegalArgumentException("not a RIFF/WAVE file");
    }
    int pos = 12;
    int rate = -1;
    for (int chunk = 0; chunk < MAX_CHUNKS && pos <= bytes.length - 8; chunk++) {
      long size = le32(bytes, pos + 4) & 0xFFFFFFFFL;
      int body = pos + 8;
      if (tag(bytes, pos, "fmt ")) {
        if (size < 16 || body > bytes.length - 16) {
          throw new IllegalArgumentException("short fmt chunk");
        }
        int format = le16(bytes, body);
        int channels = le16(bytes, body + 2);
        int bits = le16(bytes, body + 14);
        // 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which sox writes for some inputs; accepted when
        // PCM-shaped
        if ((format != 1 && format != 0xFFFE) || channels != 1 || bits != 16) {
          throw new IllegalArgumentException(
              "only mono 16-bit PCM: format=" + format + " channels=" + channels + " bits=" + bits);
        }
        rate = le32(bytes, body + 4);
        if (rate <= 0) {
          throw new IllegalArgumentException("bad sample rate " + rate);
        }
      } else if (tag(bytes, pos, "data")) {
        if (rate < 0) {
          throw new IllegalArgumentException("data chunk before fmt chunk");
        }
        long available = Math.min(size, bytes.length - body);
        long count = available / 2;
        if (count > MAX_SAMPLES) {
          throw new IllegalArgumentException("too many samples: " + count);
        }
        short[] out = new short[(int) count];
        for (int i = 0; i < out.length; i++) {
          out[i] = (short) le16(bytes, body + 2 * i);
        }
        return new WavFile(rate, out);
      }
      long next = body + size + (size & 1); // chunks are padded to even length
      if (next > bytes.length) {
        break;
      }
      pos = (int) next;
    }
    throw new IllegalArgumentException("no data chunk");
  }

  /** Serializes as a canonical 44-octet-header mono 16-bit PCM WAV file. */
  public byte[] toBytes() {
    int dataLen = samples.length * 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream(44 + dataLen);
    byte[] h = new byte[44];
    put(h, 0, "RIFF");
    putLe32(h, 4, 36 + dataLen);
    put(h, 8, "WAVE");
    put(h, 12, "fmt ");
    putLe32(h, 16, 16);
    putLe16(h, 20, 1);
    putLe16(h, 22, 1);
    putLe32(h, 24, sampleRate);
    putLe32(h, 28, sampleRate * 2);
    putLe16(h, 32, 2);
    putLe16(h, 34, 16);
    put(h, 36, "data");
    putLe32(h, 40, dataLen);
    out.writeBytes(h);
    byte[] data = new byte[dataLen];
    for (int i = 0; i < samples.length; i++) {
      putLe16(data, 2 * i, samples[i]);
    }
    out.writeBytes(data);
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WavFile w
        && w.sampleRate == sampleRate
        && Arrays.equals(w.samples, samples);
  }

  @Override
  public int hashCode() {
    return 31 * sampleRate + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return "WavFile[" + sampleRate + " Hz, " + samples.length + " samples]";
  }

  private static boolean tag(byte[] b, int pos, String tag) {
    if (pos > b.length - 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (b[pos + i] != tag.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int le16(byte[] b, int pos) {
    return (b[pos] & 0xFF) | ((b[pos + 1] & 0xFF) << 8);
  }

  private static int le32(byte[] b, int pos) {
    return (b[pos] & 0xFF)
        | (b[pos + 1] & 0xFF) << 8
        | (b[pos + 2] & 0xFF) << 16
        | b[pos + 3] << 24;
  }

  private static void put(byte[] b, int pos, String tag) {
    for (int i = 0; i < 4; i++) {
      b[pos + i] = (byte) tag.charAt(i);
    }
  }

  private static void putLe16(byte[] b, int pos, int v) {
    b[pos] = (byte) v;
    b[pos + 1] = (byte) (v >> 8);
  }

  private static void putLe32(byte[] b, int pos, int v) {
    putLe16(b, pos, v);
    putLe16(b, pos + 2, v >> 16);
  }
}
