package io.mrcpj.tts.flite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * 16-bit mono PCM read from the bytes of a RIFF/WAVE file, as flite writes them. Chunks other than
 * {@code fmt } and {@code data} are skipped; anything but uncompressed 16-bit mono is refused, as
 * is a file whose chunks claim more bytes than it has.
 *
 * @param sampleRate samples a second
 * @param samples the audio
 */
record WavData(int sampleRate, short[] samples) {

  static WavData parse(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12 || !tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
      throw new IOException("not a RIFF/WAVE file (" + bytes.length + " bytes)");
    }
    int rate = -1;
    int pos = 12;
    while (pos + 8 <= bytes.length) {
      String id = tag(bytes, pos);
      long size = b.getInt(pos + 4) & 0xffffffffL;
      int body = pos + 8;
      if (size > bytes.length - body) {
        throw new IOException(
            "chunk '"
                + id
                + "' claims "
                + size
                + " bytes; only "
                + (bytes.length - body)
                + " left");
      }
      if (id.equals("fmt ")) {
        rate = format(b, body, size);
      } else if (id.equals("data")) {
        if (rate < 0) {
          throw new IOException("the data chunk comes before the fmt chunk");
        }
        short[] samples = new short[(int) (size / 2)];
        b.position(body);
        b.asShortBuffer().get(samples);
        return new WavData(rate, samples);
      }
      pos = body + (int) size + (int) (size & 1); // chunks are padded to an even length
    }
    throw new IOException("no data chunk");
  }

  /** Checks the fmt chunk and returns its sample rate. */
  private static int format(ByteBuffer b, int body, long size) throws IOException {
    if (size < 16) {
      throw new IOException("fmt chunk too short: " + size + " bytes");
    }
    int encoding = b.getShort(body) & 0xffff;
    int channels = b.getShort(body + 2) & 0xffff;
    int rate = b.getInt(body + 4);
    int bits = b.getShort(body + 14) & 0xffff;
    if (encoding != 1 || channels != 1 || bits != 16) {
      throw new IOException(
          "not 16-bit mono PCM: format "
              + encoding
              + ", "
              + channels
              + " channel(s), "
              + bits
              + " bits");
    }
    if (rate <= 0) {
      throw new IOException("bad sample rate " + rate);
    }
    return rate;
  }

  private static String tag(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.US_ASCII);
  }
}
