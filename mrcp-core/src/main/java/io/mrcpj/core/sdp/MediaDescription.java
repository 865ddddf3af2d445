package io.mrcpj.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One media description (RFC 4566 section 5.14): the {@code m=} line and the {@code c=}, {@code
 * b=}, {@code a=} and other lines that follow it, attributes in received order.
 *
 * <p>The format list may be empty: UniMRCP and others send {@code m=application 9 TCP/MRCPv2}
 * without the {@code 1} that RFC 6787 section 4 asks for. A port of 0 marks a refused or removed
 * stream (RFC 3264 sections 6 and 8.2).
 */
public final class MediaDescription {

  private final String media;
  private final int port;
  private final int portCount;
  private final String proto;
  private final List<String> formats;
  private final SdpConnection connection;
  private final List<String> bandwidths;
  private final List<SdpAttribute> attributes;
  private final List<SdpLine> otherLines;

  private MediaDescription(Builder b) {
    this.media = SdpText.checkToken("media", b.media);
    if (b.port < 0 || b.port > 65535) {
      throw new IllegalArgumentException("port out of range: " + b.port);
    }
    if (b.portCount < 1) {
      throw new IllegalArgumentException("port count must be at least 1: " + b.portCount);
    }
    this.port = b.port;
    this.portCount = b.portCount;
    this.proto = SdpText.checkToken("proto", b.proto);
    this.formats = List.copyOf(b.formats);
    this.connection = b.connection;
    this.bandwidths = List.copyOf(b.bandwidths);
    this.attributes = List.copyOf(b.attributes);
    this.otherLines = List.copyOf(b.otherLines);
  }

  public static Builder builder(String media, int port, String proto) {
    return new Builder().media(media).port(port).proto(proto);
  }

  public Builder toBuilder() {
    Builder b = new Builder().media(media).port(port).portCount(portCount).proto(proto);
    b.formats.addAll(formats);
    b.connection = connection;
    b.bandwidths.addAll(bandwidths);
    b.attributes.addAll(attributes);
    b.otherLines.addAll(otherLines);
    return b;
  }

  /** The media type, e.g. {@code audio} or {@code application}. */
  public String media() {
    return media;
  }

  public int port() {
    return port;
  }

  /** The number of ports ({@code m=audio 4000/2}); 1 when not given. */
  public int portCount() {
    return portCount;
  }

  /** The transport protocol, e.g. {@code RTP/AVP} or {@code TCP/MRCPv2}. */
  public String proto() {
    return proto;
  }

  /** The media formats (payload type numbers for RTP), possibly empty. */
  public List<String> formats() {
    return formats;
  }

  /** The media-level {@code c=} line, if any. */
  public Optional<SdpConnection> connection() {
    return Optional.ofNullable(connection);
  }

  /** {@code b=} values such as {@code AS:64}. */
  public List<String> bandwidths() {
    return bandwidths;
  }

  public List<SdpAttribute> attributes() {
    return attributes;
  }

  /** Lines of other types ({@code i=}, {@code k=}, unknown letters) in received order. */
  public List<SdpLine> otherLines() {
    return otherLines;
  }

  /** True for port 0: a stream refused by the answerer or removed by the offerer. */
  public boolean isDisabled() {
    return port == 0;
  }

  /** The value of the first attribute named {@code name} (ignoring case), if present. */
  public Optional<String> attribute(String name) {
    for (SdpAttribute a : attributes) {
      if (a.is(name)) {
        return Optional.ofNullable(a.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every attribute named {@code name}, in order (null values left out). */
  public List<String> attributeValues(String name) {
    List<String> out = new ArrayList<>();
    for (SdpAttribute a : attributes) {
      if (a.is(name) && a.value() != null) {
        out.add(a.value());
      }
    }
    return out;
  }

  /** True when an attribute named {@code name} is present, with or without a value. */
  public boolean hasAttribute(String name) {
    return attributes.stream().anyMatch(a -> a.is(name));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaDescription m
        && port == m.port
        && portCount == m.portCount
        && media.equals(m.media)
        && proto.equals(m.proto)
        && formats.equals(m.formats)
        && Objects.equals(connection, m.connection)
        && bandwidths.equals(m.bandwidths)
        && attributes.equals(m.attributes)
        && otherLines.equals(m.otherLines);
  }

  @Override
  public int hashCode() {
    return Objects.hash(media, port, proto, formats, attributes);
  }

  @Override
  public String toString() {
    return "m=" + media + " " + port + " " + proto + " " + String.join(" ", formats) + attributes;
  }

  /** Collects the fields of a {@link MediaDescription}; {@link #build()} validates them. */
  public static final class Builder {
    private String media;
    private int port;
    private int portCount = 1;
    private String proto;
    private final List<String> formats = new ArrayList<>();
    private SdpConnection connection;
    private final List<String> bandwidths = new ArrayList<>();
    private final List<SdpAttribute> attributes = new ArrayList<>();
    private final List<SdpLine> otherLines = new ArrayList<>();

    private Builder() {}

    public Builder media(String media) {
      this.media = media;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder portCount(int portCount) {
      this.portCount = portCount;
      return this;
    }

    public Builder proto(String proto) {
      this.proto = proto;
      return this;
    }

    /** Appends one format after checking it is a single token. */
    public Builder addFormat(String format) {
      formats.add(SdpText.checkToken("format", format));
      return this;
    }

    public Builder formats(List<String> newFormats) {
      formats.clear();
      newFormats.forEach(this::addFormat);
      return this;
    }

    public Builder connection(SdpConnection connection) {
      this.connection = connection;
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

    /** Appends {@code a=name:value}. */
    public Builder addAttribute(String name, String value) {
      return addAttribute(SdpAttribute.of(name, value));
    }

    /** Appends the property attribute {@code a=name}. */
    public Builder addProperty(String name) {
      return addAttribute(SdpAttribute.property(name));
    }

    public Builder clearAttributes() {
      attributes.clear();
      return this;
    }

    public Builder addOtherLine(SdpLine line) {
      otherLines.add(Objects.requireNonNull(line, "line"));
      return this;
    }

    public MediaDescription build() {
      return new MediaDescription(this);
    }
  }
}
