package io.mrcpj.client;

/**
 * A SPEECH-MARKER event of a SPEAK (RFC 6787 section 8): the synthesizer reached a {@code <mark>}
 * of the SSML. Its Speech-Marker header reads {@code timestamp=<NTP time>[;<mark name>]}.
 *
 * @param name the mark's name, empty when the header carries none
 * @param timestamp the server's NTP timestamp, or -1 when missing or unreadable
 * @param headerValue the Speech-Marker header as received, or empty when there was none
 * @param arrivedNanos {@link System#nanoTime()} when the event arrived
 * @param audioOffsetMillis how much of the SPEAK's audio had arrived by then, in milliseconds
 */
public record SpeechMarker(
    String name, long timestamp, String headerValue, long arrivedNanos, long audioOffsetMillis) {

  /** Reads a Speech-Marker header value; never fails (unreadable parts give -1 or empty). */
  static SpeechMarker parse(String headerValue, long arrivedNanos, long audioOffsetMillis) {
    String v = headerValue == null ? "" : headerValue.trim();
    int semi = v.indexOf(';');
    String first = (semi < 0 ? v : v.substring(0, semi)).trim();
    String name = semi < 0 ? "" : v.substring(semi + 1).trim();
    long ts = -1;
    int eq = first.indexOf('=');
    if (eq > 0 && first.substring(0, eq).trim().equalsIgnoreCase("timestamp")) {
      try {
        ts = Long.parseUnsignedLong(first.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        ts = -1;
      }
    } else if (!first.isEmpty()) {
      name = v; // no timestamp: the whole value names the mark
    }
    return new SpeechMarker(name, ts, v, arrivedNanos, audioOffsetMillis);
  }
}
