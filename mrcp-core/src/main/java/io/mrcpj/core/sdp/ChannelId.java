package io.mrcpj.core.sdp;

import java.util.Optional;

/**
 * An MRCP channel identifier {@code <id>@<resource>} as in {@code a=channel} (RFC 6787 section 4.2)
 * and the {@code Channel-Identifier} header (section 6.2.1).
 */
public record ChannelId(String id, String resource) {

  public ChannelId {
    SdpText.checkToken("channel id", id);
    SdpText.checkToken("resource", resource);
    if (id.indexOf('@') >= 0 || resource.indexOf('@') >= 0) {
      throw new IllegalArgumentException("'@' inside a channel id part: " + id + "@" + resource);
    }
  }

  /** Parses {@code id@resource}; empty when malformed. */
  public static Optional<ChannelId> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    int at = v.indexOf('@');
    if (at <= 0 || at == v.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ChannelId(v.substring(0, at), v.substring(at + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return id + "@" + resource;
  }
}
