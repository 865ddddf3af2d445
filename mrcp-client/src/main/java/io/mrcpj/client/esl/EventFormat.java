package io.mrcpj.client.esl;

import java.util.Locale;

/** How FreeSWITCH serializes events on the socket ({@code event plain|json|xml ...}). */
public enum EventFormat {
  /** {@code text/event-plain}: URL-encoded {@code Name: value} lines, then an inner body. */
  PLAIN,
  /** {@code text/event-json}: one JSON object, raw values, the body under {@code _body}. */
  JSON,
  /** {@code text/event-xml}: XML with URL-encoded values and an XML-escaped body. */
  XML;

  /** The word used in {@code event <format> ...} and {@code myevents <format>}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
