package io.mrcpj.client;

import java.util.Locale;

/** Checks the extra headers a caller adds to a request, before anything goes on the wire. */
final class HeaderChecks {

  private HeaderChecks() {}

  /**
   * Checks one header a caller adds.
   *
   * @throws IllegalArgumentException for a name or value that cannot go on the wire, or a header
   *     the client sets itself (Content-Length, Channel-Identifier)
   */
  static void check(String name, String value) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("not a header name: '" + name + "'");
    }
    if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header " + name + " has a line break or no value");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("content-length") || lower.equals("channel-identifier")) {
      throw new IllegalArgumentException(name + " is set by the client itself");
    }
  }
}
