package io.mrcpj.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A view of an {@code m=audio} line: payload types, their codecs from {@code a=rtpmap} or the
 * static table of RFC 3551 section 6, {@code a=fmtp}, {@code a=ptime}, direction (RFC 4566 section
 * 6) and {@code a=mid} (RFC 5888). Accessors never throw on odd values: a malformed attribute reads
 * as absent and a payload type with no known codec is left out of {@link #codecs()}.
 */
public final class AudioMedia {

  private final MediaDescription media;
  private final MediaDirection sessionDirection;

  private AudioMedia(MediaDescription media, MediaDirection sessionDirection) {
    this.media = media;
    this.sessionDirection = sessionDirection;
  }

  public static boolean isAudio(MediaDescription m) {
    return m.media().equalsIgnoreCase("audio");
  }

  /** The view of {@code m} (default direction sendrecv), or empty when it is not audio. */
  public static Optional<AudioMedia> of(MediaDescription m) {
    return of(m, MediaDirection.SENDRECV);
  }

  /**
   * The view of {@code m}, taking the direction from {@code sessionDirection} when the m-line has
   * none (a session-level direction attribute applies to every stream, RFC 4566 section 6).
   */
  public static Optional<AudioMedia> of(MediaDescription m, MediaDirection sessionDirection) {
    return isAudio(m) ? Optional.of(new AudioMedia(m, sessionDirection)) : Optional.empty();
  }

  /** The view of {@code m} within {@code session}, honouring a session-level direction. */
  public static Optional<AudioMedia> of(MediaDescription m, SessionDescription session) {
    MediaDirection d = MediaDirection.SENDRECV;
    for (SdpAttribute a : session.attributes()) {
      Optional<MediaDirection> found = MediaDirection.fromAttribute(a.name());
      if (found.isPresent()) {
        d = found.get();
      }
    }
    return of(m, d);
  }

  public MediaDescription media() {
    return media;
  }

  public int port() {
    return media.port();
  }

  /** The numeric formats of the m-line in order; non-numeric ones are left out. */
  public List<Integer> payloadTypes() {
    List<Integer> out = new ArrayList<>();
    for (String f : media.formats()) {
      int pt = RtpCodec.smallInt(f, 127);
      if (pt >= 0) {
        out.add(pt);
      }
    }
    return out;
  }

  /**
   * The codecs in m-line order: from the {@code rtpmap} of each payload type, else from the static
   * table; payload types with neither are left out.
   */
  public List<RtpCodec> codecs() {
    List<RtpCodec> out = new ArrayList<>();
    for (int pt : payloadTypes()) {
      codec(pt).ifPresent(out::add);
    }
    return out;
  }

  /** The codec of one payload type: its {@code rtpmap}, else the static assignment. */
  public Optional<RtpCodec> codec(int payloadType) {
    for (String v : media.attributeValues("rtpmap")) {
      Optional<RtpCodec> c = RtpCodec.parseRtpmap(v);
      if (c.isPresent() && c.get().payloadType() == payloadType) {
        return c;
      }
    }
    return RtpCodec.staticPayloadType(payloadType);
  }

  /** The {@code fmtp} parameters of a payload type, e.g. {@code 0-15} for telephone-event. */
  public Optional<String> fmtp(int payloadType) {
    String prefix = Integer.toString(payloadType);
    for (String v : media.attributeValues("fmtp")) {
      String s = v.strip();
      int space = s.indexOf(' ');
      String head = space < 0 ? s : s.substring(0, space);
      if (head.equals(prefix)) {
        return Optional.of(space < 0 ? "" : s.substring(space + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** {@code a=ptime} in milliseconds (RFC 4566 section 6), if present and a whole number. */
  public OptionalInt ptime() {
    Optional<String> v = media.attribute("ptime");
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    int n = RtpCodec.smallInt(v.get().strip(), 10_000);
    return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
  }

  /** The m-line's direction attribute, else the session's, else sendrecv. */
  public MediaDirection direction() {
    MediaDirection d = sessionDirection;
    for (SdpAttribute a : media.attributes()) {
      Optional<MediaDirection> found = MediaDirection.fromAttribute(a.name());
      if (found.isPresent()) {
        d = found.get();
      }
    }
    return d;
  }

  /** {@code a=mid}, the tag the control m-line's {@code a=cmid} refers to. */
  public Optional<String> mid() {
    return media.attribute("mid").map(String::strip);
  }
}
