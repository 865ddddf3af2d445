package io.mrcpj.client.esl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A command to FreeSWITCH: a first line ({@code api status}, {@code sendmsg <uuid>}), optional
 * {@code Name: value} lines and an optional body, ended by a blank line. Strict when sending: a CR
 * or LF inside the line, a header name or a value is refused, since it would end the command early
 * and smuggle another one in.
 */
final class EslCommand {

  private final String line;
  private final List<String[]> headers;
  private final byte[] body;

  private EslCommand(String line, List<String[]> headers, byte[] body) {
    this.line = line;
    this.headers = headers;
    this.body = body;
  }

  static EslCommand of(String line) {
    return builder(line).build();
  }

  static Builder builder(String line) {
    return new Builder(line);
  }

  /** The first line, e.g. for log and error messages. */
  String line() {
    return line;
  }

  /** The value of one of its headers, or null. */
  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (body == null ? 0 : body.length));
    StringBuilder sb = new StringBuilder(line).append('\n');
    for (String[] h : headers) {
      sb.append(h[0]).append(": ").append(h[1]).append('\n');
    }
    if (body != null) {
      sb.append("Content-Length: ").append(body.length).append('\n');
    }
    sb.append('\n');
    out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return line;
  }

  static void checkLine(String what, String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException(what + " contains a line break: " + s.strip());
      }
    }
  }

  static final class Builder {
    private final String line;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;

    private Builder(String line) {
      checkLine("command", line);
      this.line = line;
    }

    Builder header(String name, String value) {
      checkLine("header name", name);
      if (name.indexOf(':') >= 0 || !name.strip().equals(name)) {
        throw new IllegalArgumentException("bad header name: " + name);
      }
      if (value == null) {
        throw new IllegalArgumentException("header " + name + " has no value");
      }
      if (!value.isEmpty()) {
        checkLine("header " + name, value);
      }
      headers.add(new String[] {name, value});
      return this;
    }

    /** A body, sent with its Content-Length (e.g. {@code sendevent} text). */
    Builder body(byte[] b) {
      this.body = b;
      return this;
    }

    EslCommand build() {
      return new EslCommand(line, List.copyOf(headers), body);
    }
  }
}
