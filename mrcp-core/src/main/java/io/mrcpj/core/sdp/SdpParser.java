package io.mrcpj.core.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses session descriptions received from peers (RFC 4566 section 5), leniently: lines may end in
 * LF alone, trailing whitespace and blank lines are ignored, unknown attributes and line types are
 * kept in order, a missing {@code s=} or {@code t=} gets the SIP default ({@code -}, {@code 0 0}),
 * and an {@code m=} line may have no format (as in {@code m=application 9 TCP/MRCPv2}).
 *
 * <p>What is required: {@code v=0} first, one {@code o=} with six fields, well-formed {@code c=}
 * and {@code m=} lines, and {@code a=} names without whitespace. Input is bounded by {@link
 * #maxBytes()}, {@link #maxLines()} and {@link #maxMedia()}; anything wrong or too big throws
 * {@link SdpParseException} naming the line, never another exception. Instances are immutable and
 * thread-safe.
 */
public final class SdpParser {

  /** 16 KiB: a real MRCP offer is about 500 octets; SIP over UDP would fragment long before. */
  public static final int DEFAULT_MAX_BYTES = 16 * 1024;

  public static final int DEFAULT_MAX_LINES = 512;
  public static final int DEFAULT_MAX_MEDIA = 32;

  private final int maxBytes;
  private final int maxLines;
  private final int maxMedia;

  /** A parser with the default limits. */
  public SdpParser() {
    this(DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, DEFAULT_MAX_MEDIA);
  }

  public SdpParser(int maxBytes, int maxLines, int maxMedia) {
    if (maxBytes < 1 || maxLines < 1 || maxMedia < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxLines = maxLines;
    this.maxMedia = maxMedia;
  }

  public int maxBytes() {
    return maxBytes;
  }

  public int maxLines() {
    return maxLines;
  }

  public int maxMedia() {
    return maxMedia;
  }

  /** Parses a body in UTF-8 (RFC 4566 section 5: the default charset is UTF-8). */
  public SessionDescription parse(byte[] body) throws SdpParseException {
    if (body == null) {
      throw new SdpParseException(1, "no body");
    }
    if (body.length > maxBytes) {
      throw new SdpParseException(1, "body of " + body.length + " octets exceeds " + maxBytes);
    }
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  public SessionDescription parse(String text) throws SdpParseException {
    if (text == null) {
      throw new SdpParseException(1, "no body");
    }
    if (text.length() > maxBytes) {
      throw new SdpParseException(1, "body of " + text.length() + " chars exceeds " + maxBytes);
    }
    return new Run(text).parse();
  }

  /** The state of one parse; kept out of the parser so that the parser stays immutable. */
  private final class Run {
    private final String text;
    private int lineNumber;
    private boolean sawVersion;
    private boolean sawSessionName;
    private boolean sawTiming;
    private SessionDescription.Builder session;
    private MediaDescription.Builder current;
    private final List<MediaDescription.Builder> media = new ArrayList<>();

    Run(String text) {
      this.text = text;
    }

    SessionDescription parse() throws SdpParseException {
      int pos = 0;
      while (pos < text.length()) {
        int nl = text.indexOf('\n', pos);
        int end = nl < 0 ? text.length() : nl;
        lineNumber++;
        if (lineNumber > maxLines) {
          throw new SdpParseException(lineNumber, "more than " + maxLines + " lines");
        }
        String line = text.substring(pos, end).stripTrailing();
        pos = end + 1;
        if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
          // a CR inside a line would let a value smuggle a second line into our output
          throw new SdpParseException(lineNumber, "stray CR or NUL inside the line");
        }
        if (!line.isEmpty()) {
          try {
            line(line);
          } catch (IllegalArgumentException e) {
            // the model's own checks (NUL, whitespace in a token): same report as ours
            throw new SdpParseException(lineNumber, e.getMessage());
          }
        }
      }
      if (!sawVersion) {
        throw new SdpParseException(Math.max(1, lineNumber), "empty session description");
      }
      if (session == null) {
        throw new SdpParseException(lineNumber, "missing o= line");
      }
      try {
        media.forEach(m -> session.addMedia(m.build()));
        return session.build();
      } catch (IllegalArgumentException e) {
        throw new SdpParseException(lineNumber, e.getMessage());
      }
    }

    private void line(String line) throws SdpParseException {
      char type = line.charAt(0);
      if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
        throw new SdpParseException(lineNumber, "expected <type>=<value>, got: " + cut(line));
      }
      String value = line.substring(2);
      if (!sawVersion) {
        if (type != 'v' || !value.strip().equals("0")) {
          throw new SdpParseException(lineNumber, "must start with v=0");
        }
        sawVersion = true;
        return;
      }
      switch (type) {
        case 'v' -> throw new SdpParseException(lineNumber, "second v= line");
        case 'o' -> origin(value);
        case 'm' -> media(value);
        default -> {
          if (session == null) {
            throw new SdpParseException(lineNumber, "o= must follow v=");
          }
          if (current == null) {
            sessionLine(type, value);
          } else {
            mediaLine(type, value);
          }
        }
      }
    }

    private void origin(String value) throws SdpParseException {
      if (session != null) {
        throw new SdpParseException(lineNumber, "second o= line");
      }
      String[] f = fields(value);
      if (f.length != 6) {
        throw new SdpParseException(lineNumber, "o= needs 6 fields, got " + f.length);
      }
      session = SessionDescription.builder(new SdpOrigin(f[0], f[1], f[2], f[3], f[4], f[5]));
    }

    private void sessionLine(char type, String value) throws SdpParseException {
      switch (type) {
        case 's' -> {
          if (sawSessionName) {
            session.addOtherLine(new SdpLine(type, value));
          } else {
            sawSessionName = true;
            session.sessionName(value.isBlank() ? "-" : value);
          }
        }
        case 't' -> {
          if (sawTiming) {
            // a second time span (RFC 4566 5.9 allows several): kept, not interpreted
            session.addOtherLine(new SdpLine(type, value));
          } else {
            sawTiming = true;
            session.timing(value.strip());
          }
        }
        case 'c' -> session.connection(connection(value));
        case 'b' -> session.addBandwidth(bandwidth(value));
        case 'a' -> session.addAttribute(attribute(value));
        default -> session.addOtherLine(new SdpLine(type, value));
      }
    }

    private void mediaLine(char type, String value) throws SdpParseException {
      switch (type) {
        case 'c' -> current.connection(connection(value));
        case 'b' -> current.addBandwidth(bandwidth(value));
        case 'a' -> current.addAttribute(attribute(value));
        default -> current.addOtherLine(new SdpLine(type, value));
      }
    }

    private void media(String value) throws SdpParseException {
      if (session == null) {
        throw new SdpParseException(lineNumber, "m= before o=");
      }
      if (media.size() >= maxMedia) {
        throw new SdpParseException(lineNumber, "more than " + maxMedia + " media descriptions");
      }
      String[] f = fields(value);
      if (f.length < 3) {
        throw new SdpParseException(lineNumber, "m= needs <media> <port> <proto> [<fmt>...]");
      }
      String portText = f[1];
      int portCount = 1;
      int slash = portText.indexOf('/');
      if (slash >= 0) {
        portCount = number(portText.substring(slash + 1), 65536, "port count");
        if (portCount < 1) {
          throw new SdpParseException(lineNumber, "port count must be at least 1");
        }
        portText = portText.substring(0, slash);
      }
      int port = number(portText, 65535, "port");
      current = MediaDescription.builder(f[0], port, f[2]).portCount(portCount);
      for (int i = 3; i < f.length; i++) {
        current.addFormat(f[i]);
      }
      media.add(current);
    }

    private int number(String s, int max, String what) throws SdpParseException {
      if (s.isEmpty() || s.length() > 5) {
        throw new SdpParseException(lineNumber, "bad " + what + ": " + cut(s));
      }
      int n = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          throw new SdpParseException(lineNumber, "bad " + what + ": " + cut(s));
        }
        n = n * 10 + (c - '0');
      }
      if (n > max) {
        throw new SdpParseException(lineNumber, what + " out of range: " + n);
      }
      return n;
    }

    private SdpConnection connection(String value) throws SdpParseException {
      String[] f = fields(value);
      if (f.length != 3) {
        throw new SdpParseException(lineNumber, "c= needs <nettype> <addrtype> <address>");
      }
      return new SdpConnection(f[0], f[1], f[2]);
    }

    private String bandwidth(String value) throws SdpParseException {
      String v = value.strip();
      if (v.indexOf(':') <= 0 || fields(v).length != 1) {
        throw new SdpParseException(lineNumber, "b= needs <bwtype>:<bandwidth>");
      }
      return v;
    }

    private SdpAttribute attribute(String value) throws SdpParseException {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      if (name.isEmpty() || fields(name).length != 1 || !name.equals(name.strip())) {
        throw new SdpParseException(lineNumber, "bad attribute name: " + cut(name));
      }
      return colon < 0
          ? SdpAttribute.property(name)
          : SdpAttribute.of(name, value.substring(colon + 1));
    }
  }

  private static String[] fields(String value) {
    String v = value.strip();
    return v.isEmpty() ? new String[0] : v.split("[ \t]+");
  }

  /** Keeps error messages short when a peer sends a huge line. */
  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
