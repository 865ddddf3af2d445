package io.mrcpj.core.codec;

import io.mrcpj.core.message.StatusCode;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The framing part of a start line (RFC 6787 section 5.1): {@code MRCP/x.y SP message-length SP
 * ...}. Found without consuming bytes, so a decoder can wait until the whole message is in.
 */
final class StartLine {

  private static final byte[] PREFIX = "MRCP/".getBytes(StandardCharsets.US_ASCII);

  /** message-length has at most 10 digits (it must fit the 1 MiB-ish limits anyway). */
  private static final int MAX_LENGTH_DIGITS = 10;

  final int lineLength; // octets up to and including LF
  final long messageLength;
  final String text; // the line without CR LF, ISO-8859-1 so every byte survives

  private StartLine(int lineLength, long messageLength, String text) {
    this.lineLength = lineLength;
    this.messageLength = messageLength;
    this.text = text;
  }

  /**
   * Reads the start line at the reader index without moving it.
   *
   * @return the start line, or null when more bytes are needed
   * @throws MrcpProtocolException when the bytes cannot be an MRCP start line
   */
  static StartLine peek(ByteBuf in, int maxStartLineBytes) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    int prefixCheck = Math.min(readable, PREFIX.length);
    for (int i = 0; i < prefixCheck; i++) {
      if (in.getByte(start + i) != PREFIX[i]) {
        throw new MrcpProtocolException(
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY, "stream does not start with MRCP/ here");
      }
    }
    int scan = Math.min(readable, maxStartLineBytes);
    int lf = in.indexOf(start, start + scan, (byte) '\n');
    if (lf < 0) {
      if (readable >= maxStartLineBytes) {
        throw new MrcpProtocolException(
            StatusCode.MESSAGE_TOO_LARGE,
            "start line longer than " + maxStartLineBytes + " octets");
      }
      return null;
    }
    int lineLength = lf - start + 1;
    int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    String text = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
    long length = parseLength(text);
    if (length < lineLength) {
      throw new MrcpProtocolException(
          StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
          "message-length " + length + " is shorter than its own start line");
    }
    return new StartLine(lineLength, length, text);
  }

  private static long parseLength(String line) {
    int sp = line.indexOf(' ');
    if (sp < 0) {
      throw new MrcpProtocolException(
          StatusCode.UNRECOGNIZED_MESSAGE_ENTITY, "start line has no message-length");
    }
    int i = sp;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    int digits = i;
    while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
      i++;
    }
    int n = i - digits;
    if (n == 0 || n > MAX_LENGTH_DIGITS || (i < line.length() && line.charAt(i) != ' ')) {
      throw new MrcpProtocolException(
          StatusCode.UNRECOGNIZED_MESSAGE_ENTITY, "message-length is not a number");
    }
    return Long.parseLong(line.substring(digits, i));
  }

  /** The space-separated fields (runs of spaces or tabs count as one separator). */
  String[] fields() {
    java.util.List<String> out = new java.util.ArrayList<>(5);
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      int start = i;
      while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
        i++;
      }
      if (i > start) {
        out.add(text.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }
}
