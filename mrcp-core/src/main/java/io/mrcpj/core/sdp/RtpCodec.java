package io.mrcpj.core.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * An RTP payload format: payload type number, encoding name, clock rate and channel count, as in
 * {@code a=rtpmap:96 L16/16000/1} (RFC 4566 section 6) or implied by a static payload type of RFC
 * 3551 section 6 when no {@code rtpmap} is given.
 *
 * @param payloadType 0..127; {@link #ANY_PAYLOAD_TYPE} in a list of supported formats, where the
 *     number does not matter
 * @param encodingName e.g. {@code PCMU}; compared ignoring case (RFC 4855 section 3)
 * @param clockRate the RTP clock rate in Hz
 * @param channels the channel count, 1 when not given
 */
public record RtpCodec(int payloadType, String encodingName, int clockRate, int channels) {

  /** A payload type for "any number": supported-codec lists match by name and rate only. */
  public static final int ANY_PAYLOAD_TYPE = -1;

  public static final RtpCodec PCMU = new RtpCodec(0, "PCMU", 8000, 1);
  public static final RtpCodec PCMA = new RtpCodec(8, "PCMA", 8000, 1);
  public static final RtpCodec L16_8K = new RtpCodec(ANY_PAYLOAD_TYPE, "L16", 8000, 1);
  public static final RtpCodec L16_16K = new RtpCodec(ANY_PAYLOAD_TYPE, "L16", 16000, 1);

  /**
   * G.722 (RFC 3551 section 4.5.2): 16 kHz audio with an RTP clock rate of 8000, so {@code
   * a=rtpmap:9 G722/8000}; see {@link #audioRate()}.
   */
  public static final RtpCodec G722 = new RtpCodec(9, "G722", 8000, 1);

  /** The encoding name of DTMF events (RFC 4733 section 7.1.1). */
  public static final String TELEPHONE_EVENT = "telephone-event";

  public RtpCodec {
    if (payloadType < ANY_PAYLOAD_TYPE || payloadType > 127) {
      throw new IllegalArgumentException("payload type out of range: " + payloadType);
    }
    SdpText.checkToken("encoding name", encodingName);
    if (encodingName.indexOf('/') >= 0) {
      throw new IllegalArgumentException("encoding name contains '/': " + encodingName);
    }
    if (clockRate <= 0 || channels <= 0) {
      throw new IllegalArgumentException("clock rate and channels must be positive");
    }
  }

  /** A format with an unspecified payload type, for lists of supported codecs. */
  public static RtpCodec format(String encodingName, int clockRate) {
    return new RtpCodec(ANY_PAYLOAD_TYPE, encodingName, clockRate, 1);
  }

  /** This codec with another payload type number. */
  public RtpCodec withPayloadType(int pt) {
    return new RtpCodec(pt, encodingName, clockRate, channels);
  }

  /** Same encoding name (ignoring case), clock rate and channels; payload type ignored. */
  public boolean sameFormat(RtpCodec other) {
    return encodingName.equalsIgnoreCase(other.encodingName)
        && clockRate == other.clockRate
        && channels == other.channels;
  }

  public boolean isTelephoneEvent() {
    return encodingName.equalsIgnoreCase(TELEPHONE_EVENT);
  }

  /**
   * The sampling rate of the audio in Hz, which is the RTP clock rate for every format except
   * G.722: its audio is sampled at 16 kHz but its clock rate is 8000, an error of RFC 1890 that RFC
   * 3551 section 4.5.2 keeps for backward compatibility. Use this, not {@link #clockRate()}, to
   * pick a decoder or resampler; RTP timestamps and {@code telephone-event} (RFC 4733) stay on the
   * clock rate.
   */
  public int audioRate() {
    return encodingName.equalsIgnoreCase("G722") ? 16000 : clockRate;
  }

  /** The {@code rtpmap} value: {@code 0 PCMU/8000}, with {@code /channels} only when not 1. */
  public String rtpmap() {
    return payloadType
        + " "
        + encodingName
        + "/"
        + clockRate
        + (channels == 1 ? "" : "/" + channels);
  }

  /**
   * The codec a static payload type stands for without an {@code rtpmap} (RFC 3551 section 6, table
   * 4). Dynamic (96-127) and unassigned numbers give empty.
   */
  public static Optional<RtpCodec> staticPayloadType(int pt) {
    return Optional.ofNullable(
        switch (pt) {
          case 0 -> PCMU;
          case 3 -> new RtpCodec(3, "GSM", 8000, 1);
          case 4 -> new RtpCodec(4, "G723", 8000, 1);
          case 5 -> new RtpCodec(5, "DVI4", 8000, 1);
          case 6 -> new RtpCodec(6, "DVI4", 16000, 1);
          case 7 -> new RtpCodec(7, "LPC", 8000, 1);
          case 8 -> PCMA;
          case 9 -> G722;
          case 10 -> new RtpCodec(10, "L16", 44100, 2);
          case 11 -> new RtpCodec(11, "L16", 44100, 1);
          case 12 -> new RtpCodec(12, "QCELP", 8000, 1);
          case 13 -> new RtpCodec(13, "CN", 8000, 1);
          case 15 -> new RtpCodec(15, "G728", 8000, 1);
          case 16 -> new RtpCodec(16, "DVI4", 11025, 1);
          case 17 -> new RtpCodec(17, "DVI4", 22050, 1);
          case 18 -> new RtpCodec(18, "G729", 8000, 1);
          default -> null;
        });
  }

  /**
   * Parses an {@code rtpmap} value ({@code 96 L16/16000[/1]}); empty when it is malformed, so a
   * peer's odd attribute never breaks negotiation.
   */
  public static Optional<RtpCodec> parseRtpmap(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String[] f = value.strip().split("[ \t]+", 2);
    if (f.length != 2) {
      return Optional.empty();
    }
    String[] enc = f[1].strip().split("/", -1);
    if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
      return Optional.empty();
    }
    int pt = smallInt(f[0], 127);
    int rate = smallInt(enc[1], 10_000_000);
    int channels = enc.length == 3 ? smallInt(enc[2], 255) : 1;
    if (pt < 0 || rate <= 0 || channels <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new RtpCodec(pt, enc[0], rate, channels));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A non-negative decimal up to {@code max}, or -1. */
  static int smallInt(String s, int max) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= max ? n : -1;
  }

  @Override
  public String toString() {
    return encodingName.toUpperCase(Locale.ROOT) + "/" + clockRate + "(pt " + payloadType + ")";
  }
}
