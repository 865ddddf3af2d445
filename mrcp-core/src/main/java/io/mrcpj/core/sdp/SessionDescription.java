package io.mrcpj.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole session description (RFC 4566 section 5): {@code v=0}, origin, session name, optional
 * session-level connection, timing, bandwidths, attributes, other lines and the media descriptions
 * in order. Immutable; build one with {@link #builder(SdpOrigin)}.
 */
public final class SessionDescription {

  /** The only SDP version (RFC 4566 section 5.1). */
  public static final int VERSION = 0;

  private final SdpOrigin origin;
  private final String sessionName;
  private final SdpConnection connection;
  private final String timing;
  private final List<String> bandwidths;
  private final List<SdpAttribute> attributes;
  private final List<SdpLine> otherLines;
  private final List<MediaDescription> media;

  private SessionDescription(Builder b) {
    this.origin = Objects.requireNonNull(b.origin, "origin");
    this.sessionName = SdpText.checkValue("session name", b.sessionName);
    this.connection = b.connection;
    this.timing = SdpText.checkValue("timing", b.timing);
    this.bandwidths = List.copyOf(b.bandwidths);
    this.attributes = List.copyOf(b.attributes);
    this.otherLines = List.copyOf(b.otherLines);
    this.media = List.copyOf(b.media);
  }

  /** A builder with {@code s=-} and {@code t=0 0}, the values SIP uses (RFC 3264 section 5). */
  public static Builder builder(SdpOrigin origin) {
    return new Builder().origin(origin);
  }

  public Builder toBuilder() {
    Builder b = new Builder().origin(origin).sessionName(sessionName).timing(timing);
    b.connection = connection;
    b.bandwidths.addAll(bandwidths);
    b.attributes.addAll(attributes);
    b.otherLines.addAll(otherLines);
    b.media.addAll(media);
    return b;
  }

  public SdpOrigin origin() {
    return origin;
  }

  /** The {@code s=} text; {@code -} when the peer left it out. */
  public String sessionName() {
    return sessionName;
  }

  /** The session-level {@code c=}, if any. */
  public Optional<SdpConnection> connection() {
    return Optional.ofNullable(connection);
  }

  /** The {@code t=} value; {@code 0 0} when the peer left it out. */
  public String timing() {
    return timing;
  }

  public List<String> bandwidths() {
    return bandwidths;
  }

  public List<SdpAttribute> attributes() {
    return attributes;
  }

  public List<SdpLine> otherLines() {
    return otherLines;
  }

  public List<MediaDescription> media() {
    return media;
  }

  /** The value of the first session-level attribute named {@code name}, if present. */
  public Optional<String> attribute(String name) {
    for (SdpAttribute a : attributes) {
      if (a.is(name)) {
        return Optional.ofNullable(a.value());
      }
    }
    return Optional.empty();
  }

  /** The connection that applies to {@code m}: its own {@code c=}, else the session's. */
  public Optional<SdpConnection> connectionFor(MediaDescription m) {
    return m.connection().or(this::connection);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionDescription s
        && origin.equals(s.origin)
        && sessionName.equals(s.sessionName)
        && Objects.equals(connection, s.connection)
        && timing.equals(s.timing)
        && bandwidths.equals(s.bandwidths)
        && attributes.equals(s.attributes)
        && otherLines.equals(s.otherLines)
        && media.equals(s.media);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, sessionName, media);
  }

  @Override
  public String toString() {
    return SdpWriter.write(this);
  }

  /** Collects the fields of a {@link SessionDescription}. */
  public static final class Builder {
    private SdpOrigin origin;
    private String sessionName = "-";
    private SdpConnection connection;
    private String timing = "0 0";
    private final List<String> bandwidths = new ArrayList<>();
    private final List<SdpAttribute> attributes = new ArrayList<>();
    private final List<SdpLine> otherLines = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    private Builder() {}

    public Builder origin(SdpOrigin origin) {
      this.origin = origin;
      return this;
    }

    public Builder sessionName(String sessionName) {
      this.sessionName = sessionName;
      return this;
    }

    public Builder connection(SdpConnection connection) {
      this.connection = connection;
      return this;
    }

    public Builder timing(String timing) {
      this.timing = timing;
      return this;
    }

    public Builder addBandwidth(String bandwidth) {
      bandwidths.add(SdpText.checkToken("bandwidth", bandwidth));
      return this;
    }

    public Builder addAttribute(SdpAttribute attribute) {
      attributes.add(Objects.requireNonNull(attribute, "attribute"));
      return this;
    }

    public Builder addOtherLine(SdpLine line) {
      otherLines.add(Objects.requireNonNull(line, "line"));
      return this;
    }

    public Builder addMedia(MediaDescription m) {
      media.add(Objects.requireNonNull(m, "media"));
      return this;
    }

    public Builder clearMedia() {
      media.clear();
      return this;
    }

    public SessionDescription build() {
      return new SessionDescription(this);
    }
  }
}
