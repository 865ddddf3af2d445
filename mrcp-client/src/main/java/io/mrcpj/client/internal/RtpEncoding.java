package io.mrcpj.client.internal;

import io.mrcpj.core.sdp.RtpCodec;
import java.util.Locale;

/** The audio codecs the client sends and receives: G.711 u-law and A-law, L16, G.722. */
enum RtpEncoding {
  PCMU,
  PCMA,
  L16,
  G722;

  /**
   * The encoding of {@code codec}, when the client can handle it: PCMU and PCMA at 8 kHz, L16 at 8
   * or 16 kHz, G.722 (16 kHz audio on an 8000 Hz RTP clock, RFC 3551 section 4.5.2).
   *
   * @throws IllegalArgumentException naming the codec otherwise
   */
  static RtpEncoding of(RtpCodec codec) {
    RtpEncoding e =
        switch (codec.encodingName().toUpperCase(Locale.ROOT)) {
          case "PCMU" -> PCMU;
          case "PCMA" -> PCMA;
          case "L16" -> L16;
          case "G722" -> G722;
          default -> null;
        };
    int audio = codec.audioRate();
    if (e == null
        || audio != 8000 && audio != 16000
        || (e != L16 && e != G722 && audio != 8000)
        || (e == G722 && codec.clockRate() != 8000)) {
      throw new IllegalArgumentException("unsupported codec " + codec);
    }
    return e;
  }
}
