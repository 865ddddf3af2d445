package io.mrcpj.core.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/mixed} body (RFC 2046 section 5.1), as an MRCP RECOGNIZE carries several
 * grammars (RFC 6787 sections 6.2.6 and 9.5.1): parts of inline SRGS and {@code text/uri-list}.
 * Reading is byte-exact and bounded; parts keep their headers (names case-insensitive) and bodies.
 */
public final class Multipart {

  /** multipart/mixed. */
  public static final String MIXED = "multipart/mixed";

  /** Most parts read from one body. */
  public static final int MAX_PARTS = 32;

  /**
   * One part.
   *
   * @param headers its header lines, names as written
   * @param body its content, exactly
   */
  public record Part(Map<String, String> headers, byte[] body) {
    public Part {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A header by name, ignoring case. */
    public Optional<String> header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return Optional.of(e.getValue());
        }
      }
      return Optional.empty();
    }

    /** The content type without parameters, lower case; text/plain when absent (RFC 2046). */
    public String contentType() {
      return header("Content-Type")
          .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
          .orElse("text/plain");
    }

    public String bodyAsString() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Multipart() {}

  /** Whether {@code contentType} is multipart/mixed (with whatever parameters). */
  public static boolean isMixed(String contentType) {
    return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(MIXED);
  }

  /** The boundary parameter of a multipart content type. */
  public static Optional<String> boundary(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
        String b = p.substring(9).trim();
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
          b = b.substring(1, b.length() - 1);
        }
        return b.isEmpty() || b.length() > 70 ? Optional.empty() : Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /**
   * Splits {@code body} into its parts.
   *
   * @throws IllegalArgumentException saying what is wrong (no boundary, no closing delimiter, too
   *     many parts, a malformed part header)
   */
  public static List<Part> parse(String contentType, byte[] body) {
    String boundary =
        boundary(contentType)
            .orElseThrow(() -> new IllegalArgumentException("multipart body without a boundary"));
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<Part> parts = new ArrayList<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw new IllegalArgumentException("multipart body without its boundary");
    }
    while (true) {
      int after = pos + delimiter.length;
      if (startsWith(body, after, "--")) {
        return parts; // the closing delimiter; what follows is the epilogue
      }
      int lineEnd = indexOf(body, new byte[] {'\n'}, after);
      if (lineEnd < 0) {
        throw new IllegalArgumentException("multipart body ends inside a delimiter line");
      }
      int partStart = lineEnd + 1;
      int next = findDelimiter(body, delimiter, partStart);
      if (next < 0) {
        throw new IllegalArgumentException("multipart body without its closing boundary");
      }
      if (parts.size() == MAX_PARTS) {
        throw new IllegalArgumentException("more than " + MAX_PARTS + " parts");
      }
      // the CRLF before the delimiter belongs to the delimiter
      int partEnd = next;
      if (partEnd > partStart && body[partEnd - 1] == '\n') {
        partEnd--;
        if (partEnd > partStart && body[partEnd - 1] == '\r') {
          partEnd--;
        }
      }
      parts.add(part(Arrays.copyOfRange(body, partStart, partEnd)));
      pos = next;
    }
  }

  /** Writes parts as a multipart/mixed body with {@code boundary}. */
  public static byte[] write(String boundary, List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (Map.Entry<String, String> h : p.headers().entrySet()) {
        out.writeBytes(
            (h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(p.body());
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static Part part(byte[] raw) {
    int headerEnd;
    int bodyStart;
    if (startsWith(raw, 0, "\r\n")) {
      headerEnd = 0; // no headers: the defaults apply
      bodyStart = 2;
    } else if (raw.length > 0 && raw[0] == '\n') {
      headerEnd = 0;
      bodyStart = 1;
    } else {
      int crlf = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      int lf = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII), 0);
      if (crlf >= 0 && (lf < 0 || crlf < lf)) {
        headerEnd = crlf;
        bodyStart = crlf + 4;
      } else if (lf >= 0) {
        headerEnd = lf;
        bodyStart = lf + 2;
      } else {
        throw new IllegalArgumentException("multipart part without a blank line after its headers");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String head = new String(raw, 0, headerEnd, StandardCharsets.UTF_8);
    for (String line : head.split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "multipart part header is not 'Name: value': " + clip(line));
      }
      headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    return new Part(headers, Arrays.copyOfRange(raw, bodyStart, raw.length));
  }

  /** The next delimiter at the start of a line. */
  private static int findDelimiter(byte[] body, byte[] delimiter, int from) {
    int i = from;
    while (true) {
      int at = indexOf(body, delimiter, i);
      if (at < 0) {
        return -1;
      }
      if (at == 0 || body[at - 1] == '\n') {
        return at;
      }
      i = at + 1;
    }
  }

  private static int indexOf(byte[] a, byte[] b, int from) {
    outer:
    for (int i = Math.max(0, from); i <= a.length - b.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (a[i + j] != b[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean startsWith(byte[] a, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return at + b.length <= a.length
        && indexOf(Arrays.copyOfRange(a, at, at + b.length), b, 0) == 0;
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
