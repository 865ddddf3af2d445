package io.mrcpj.client;

import io.mrcpj.core.media.G711;
import java.util.ArrayList;
import java.util.List;

/** Audio and RTP packets made up for the scripted-server tests. */
public final class TestAudio {

  private TestAudio() {}

  /** A sine tone of {@code hz} at 8 kHz, {@code samples} long, about -12 dBFS. */
  public static short[] tone(int hz, int samples) {
    short[] s = new short[samples];
    for (int i = 0; i < samples; i++) {
      s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / 8000.0));
    }
    return s;
  }

  /** {@code pcm} through u-law and back: what a client decoding PCMU gets. */
  public static short[] ulawRoundTrip(short[] pcm) {
    byte[] u = new byte[pcm.length];
    G711.encodeUlaw(pcm, 0, pcm.length, u, 0);
    short[] out = new short[pcm.length];
    G711.decodeUlaw(u, 0, u.length, out, 0);
    return out;
  }

  /** {@code pcm} as PCMU packets of 160 samples (20 ms), sequence numbers from {@code seq}. */
  public static List<byte[]> pcmu(short[] pcm, int seq, long ssrc) {
    List<byte[]> out = new ArrayList<>();
    for (int at = 0, n = 0; at < pcm.length; at += 160, n++) {
      int len = Math.min(160, pcm.length - at);
      byte[] payload = new byte[len];
      G711.encodeUlaw(pcm, at, len, payload, 0);
      out.add(rtp(0, (seq + n) & 0xFFFF, 1000L + at, ssrc, payload, n == 0));
    }
    return out;
  }

  /** One RTP packet (RFC 3550 section 5.1, no CSRC, no extension). */
  public static byte[] rtp(int pt, int seq, long ts, long ssrc, byte[] payload, boolean marker) {
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80;
    p[1] = (byte) ((marker ? 0x80 : 0) | pt);
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    for (int i = 0; i < 4; i++) {
      p[4 + i] = (byte) (ts >> (24 - 8 * i));
      p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
    }
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }
}
