package io.mrcpj.core.codec;

import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.HeaderValueException;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one framed MRCPv2 message, and splits a whole byte stream into messages (for tools and
 * fuzzing); the netty {@link MrcpDecoder} uses the same code. Lenient when reading: LF-only line
 * ends, header continuation lines, any white space after the colon, a body without Content-Length,
 * trailing white space after a body shorter than message-length.
 *
 * <p>What is answered how (RFC 6787 section 5.4):
 *
 * <ul>
 *   <li>unreadable start line fields, header lines without a colon or with a bad name, bytes that
 *       are not UTF-8: 408 (unrecognized message entity);
 *   <li>a Content-Length that is not a number, or disagrees with message-length: 404 (illegal value
 *       for header), naming Content-Length;
 *   <li>a header section or header count over the limit: 504 (message too large).
 * </ul>
 */
public final class MrcpParser {

  private MrcpParser() {}

  /**
   * Splits a complete byte stream (for example one direction of a TCP capture) into messages and
   * failures.
   *
   * @throws MrcpProtocolException on a framing error, or when the stream ends inside a message
   */
  public static List<Object> parseAll(byte[] stream, MrcpDecoderConfig config) {
    ByteBuf in = Unpooled.wrappedBuffer(stream);
    List<Object> out = new ArrayList<>();
    while (in.isReadable()) {
      StartLine sl = StartLine.peek(in, config.maxStartLineBytes());
      if (sl == null || sl.messageLength > in.readableBytes()) {
        throw new MrcpProtocolException(
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
            "input ends inside a message at offset " + in.readerIndex());
      }
      if (sl.messageLength > config.maxMessageBytes()) {
        out.add(tooLarge(sl, config));
      } else {
        out.add(parse(in.slice(in.readerIndex(), (int) sl.messageLength), sl, config));
      }
      in.skipBytes((int) sl.messageLength);
    }
    return out;
  }

  static MrcpDecodeFailure tooLarge(StartLine sl, MrcpDecoderConfig config) {
    Head head = Head.read(sl.fields());
    return new MrcpDecodeFailure(
        head.requestId,
        null,
        StatusCode.MESSAGE_TOO_LARGE,
        "message-length " + sl.messageLength + " is over the limit of " + config.maxMessageBytes(),
        head.isRequest);
  }

  /**
   * Parses one message whose bytes are exactly {@code msg} (start line included).
   *
   * @return an {@link MrcpMessage} or an {@link MrcpDecodeFailure}
   */
  static Object parse(ByteBuf msg, StartLine sl, MrcpDecoderConfig config) {
    Head head = Head.read(sl.fields());
    if (head.problem != null) {
      return new MrcpDecodeFailure(
          head.requestId,
          null,
          StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
          head.problem,
          head.isRequest);
    }
    MrcpHeaders.Builder headers = MrcpHeaders.builder();
    String channel = null;
    int pos = sl.lineLength;
    int end = msg.readableBytes();
    int count = 0;
    String lastName = null;
    String lastValue = null;
    boolean blankLineSeen = false;
    while (pos < end) {
      int lf = msg.indexOf(msg.readerIndex() + pos, msg.readerIndex() + end, (byte) '\n');
      if (lf < 0) {
        break;
      }
      lf -= msg.readerIndex();
      int lineEnd = lf > pos && msg.getByte(msg.readerIndex() + lf - 1) == '\r' ? lf - 1 : lf;
      if (lf + 1 - sl.lineLength > config.maxHeaderBytes()) {
        return head.fail(
            channel,
            StatusCode.MESSAGE_TOO_LARGE,
            "header section longer than " + config.maxHeaderBytes() + " octets");
      }
      if (lineEnd == pos) {
        pos = lf + 1;
        blankLineSeen = true;
        break;
      }
      String line;
      try {
        line = utf8(msg, pos, lineEnd - pos);
      } catch (CharacterCodingException e) {
        return head.fail(
            channel,
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
            "header line " + (count + 1) + " is not UTF-8");
      }
      pos = lf + 1;
      if (line.indexOf('\r') >= 0) {
        // a CR not followed by LF: no header value may hold one (found by fuzzing)
        return head.fail(
            channel,
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
            "header line " + (count + 1) + " holds a bare CR");
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (lastName == null) {
          return head.fail(
              channel,
              StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
              "continuation line before any header");
        }
        lastValue = lastValue + " " + line.trim();
        continue;
      }
      if (lastName != null) {
        headers.add(lastName, lastValue);
        if (lastName.equalsIgnoreCase(GenericHeaders.CHANNEL_IDENTIFIER.name())) {
          channel = lastValue.trim();
        }
      }
      if (++count > config.maxHeaderCount()) {
        return head.fail(
            channel,
            StatusCode.MESSAGE_TOO_LARGE,
            "more than " + config.maxHeaderCount() + " header lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return head.fail(
            channel,
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
            "header line without a name and ':': '" + clip(line) + "'");
      }
      String name = line.substring(0, colon).stripTrailing();
      if (!isToken(name)) {
        return head.fail(
            channel,
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
            "bad header name '" + clip(name) + "'");
      }
      int v = colon + 1;
      while (v < line.length() && (line.charAt(v) == ' ' || line.charAt(v) == '\t')) {
        v++;
      }
      lastName = name;
      lastValue = line.substring(v);
      if (name.equalsIgnoreCase(GenericHeaders.CHANNEL_IDENTIFIER.name())) {
        channel = lastValue.trim(); // known early, so a failure further down can name it
      }
    }
    if (lastName != null) {
      headers.add(lastName, lastValue);
      if (lastName.equalsIgnoreCase(GenericHeaders.CHANNEL_IDENTIFIER.name())) {
        channel = lastValue.trim();
      }
    }
    if (!blankLineSeen) {
      return head.fail(
          channel,
          StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
          "the header section does not end within message-length " + sl.messageLength);
    }
    MrcpHeaders built = headers.build();
    int bodyLength = end - pos;
    String declared = built.get(GenericHeaders.CONTENT_LENGTH.name()).orElse(null);
    if (declared != null) {
      long cl;
      try {
        cl = GenericHeaders.CONTENT_LENGTH.parse(declared);
      } catch (HeaderValueException e) {
        return head.fail(channel, StatusCode.ILLEGAL_HEADER_VALUE, e.getMessage());
      }
      if (cl > bodyLength) {
        return head.fail(
            channel,
            StatusCode.ILLEGAL_HEADER_VALUE,
            "Content-Length " + cl + " but message-length leaves " + bodyLength + " octets");
      }
      if (cl < bodyLength) {
        for (int i = pos + (int) cl; i < end; i++) {
          byte b = msg.getByte(msg.readerIndex() + i);
          if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
            return head.fail(
                channel,
                StatusCode.ILLEGAL_HEADER_VALUE,
                "Content-Length " + cl + " but message-length leaves " + bodyLength + " octets");
          }
        }
        bodyLength = (int) cl;
      }
    }
    byte[] body = new byte[bodyLength];
    msg.getBytes(msg.readerIndex() + pos, body);
    try {
      return head.build(built, body);
    } catch (IllegalArgumentException e) {
      // a field the checks above let through but the message model refuses (found by fuzzing:
      // a version such as "MRCP/2."): answered, never thrown at the connection
      return head.fail(channel, StatusCode.UNRECOGNIZED_MESSAGE_ENTITY, clip(e.getMessage()));
    }
  }

  private static String utf8(ByteBuf buf, int offset, int length) throws CharacterCodingException {
    // Header lines are nearly always ASCII: read those without a decoder.
    int start = buf.readerIndex() + offset;
    if (buf.forEachByte(start, length, b -> b >= 0) == -1) {
      return buf.toString(start, length, StandardCharsets.US_ASCII);
    }
    ByteBuffer nio = buf.nioBuffer(buf.readerIndex() + offset, length);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(nio)
        .toString();
  }

  private static boolean isToken(String s) {
    if (s.isEmpty() || s.length() > 256) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127) {
        return false;
      }
    }
    return true;
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** What the start line says: kind, request-id, and the fields that make the message. */
  private static final class Head {
    String version;
    long requestId = -1;
    boolean isRequest;
    MrcpMethod method;
    MrcpEventName event;
    StatusCode status;
    RequestState state;
    String problem;

    static Head read(String[] f) {
      Head h = new Head();
      h.version = f[0];
      try {
        if (f.length == 4) {
          h.isRequest = true;
          h.requestId = MrcpMessage.parseRequestId(f[3]);
          h.method = MrcpMethod.of(f[2]);
        } else if (f.length == 5 && isDigits(f[2])) {
          h.requestId = MrcpMessage.parseRequestId(f[2]);
          if (f[3].length() != 3 || !isDigits(f[3])) {
            h.problem = "status code is not three digits: '" + clip(f[3]) + "'";
            return h;
          }
          h.status = StatusCode.of(Integer.parseInt(f[3]));
          h.state = state(h, f[4]);
        } else if (f.length == 5) {
          h.requestId = MrcpMessage.parseRequestId(f[3]);
          h.event = MrcpEventName.of(f[2]);
          h.state = state(h, f[4]);
        } else {
          h.isRequest = f.length < 5;
          h.problem = "start line has " + f.length + " fields, not 4 or 5";
        }
        if (!f[0].startsWith("MRCP/") && h.problem == null) {
          h.problem = "bad version '" + clip(f[0]) + "'";
        }
      } catch (IllegalArgumentException e) {
        h.problem = e.getMessage();
      }
      return h;
    }

    private static RequestState state(Head h, String text) {
      RequestState s = RequestState.fromWire(text);
      if (s == null) {
        h.problem = "unknown request-state '" + clip(text) + "'";
      }
      return s;
    }

    private static boolean isDigits(String s) {
      return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    MrcpDecodeFailure fail(String channel, StatusCode status, String reason) {
      return new MrcpDecodeFailure(requestId, channel, status, reason, isRequest);
    }

    Object build(MrcpHeaders headers, byte[] body) {
      if (method != null) {
        return MrcpRequest.builder()
            .version(version)
            .method(method)
            .requestId(requestId)
            .headers(headers)
            .rawBody(body)
            .build();
      }
      if (event != null) {
        return MrcpEvent.builder()
            .version(version)
            .name(event)
            .requestId(requestId)
            .state(state)
            .headers(headers)
            .rawBody(body)
            .build();
      }
      return MrcpResponse.builder()
          .version(version)
          .requestId(requestId)
          .status(status)
          .state(state)
          .headers(headers)
          .rawBody(body)
          .build();
    }
  }
}
