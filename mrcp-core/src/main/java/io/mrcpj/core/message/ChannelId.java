package io.mrcpj.core.message;

import java.util.Objects;

/**
 * A Channel-Identifier value, {@code <id>@<resource>} (RFC 6787 section 6.2.1): the id is the
 * server's opaque string for the session's channel, the resource its type.
 *
 * @param id the channel's id, e.g. {@code 9f3641c4fbb94579}
 * @param resource the resource type, e.g. {@code speechrecog}
 */
public record ChannelId(String id, MrcpResource resource) {

  public ChannelId {
    Objects.requireNonNull(resource, "resource");
    if (!isToken(resource.name())) {
      throw new IllegalArgumentException("bad resource name: '" + resource.name() + "'");
    }
    if (id == null || id.isEmpty() || id.length() > 128 || !isToken(id)) {
      throw new IllegalArgumentException("bad channel id: '" + id + "'");
    }
  }

  /**
   * Parses {@code id@resource}.
   *
   * @throws IllegalArgumentException when the text is not of that form
   */
  public static ChannelId parse(String text) {
    String t = text.trim();
    int at = t.lastIndexOf('@');
    if (at <= 0 || at == t.length() - 1) {
      throw new IllegalArgumentException("Channel-Identifier must be id@resource: '" + text + "'");
    }
    return new ChannelId(t.substring(0, at), MrcpResource.of(t.substring(at + 1)));
  }

  /** Parses {@code id@resource}; empty when the text is not of that form. */
  public static java.util.Optional<ChannelId> tryParse(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127 || c == '@') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return id + "@" + resource.name();
  }
}
