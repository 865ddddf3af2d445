package io.mrcpj.core.codec;

import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes MRCPv2 messages (RFC 6787 section 5): CRLF line ends, headers in order, Content-Length
 * equal to the body's length in octets (added when there is a body, corrected when wrong, left out
 * when there is no body and none was given), and a message-length that counts the whole message
 * including its own digits. Stateless and sharable.
 */
@Sharable
public final class MrcpEncoder extends MessageToByteEncoder<MrcpMessage> {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};

  @Override
  protected void encode(ChannelHandlerContext ctx, MrcpMessage msg, ByteBuf out) {
    write(msg, out);
  }

  /** The message's bytes. */
  public static byte[] encode(MrcpMessage msg) {
    ByteBuf buf = Unpooled.buffer(256 + msg.bodyLength());
    write(msg, buf);
    return ByteBufUtil.getBytes(buf);
  }

  /** Writes the message to {@code out}. */
  public static void write(MrcpMessage msg, ByteBuf out) {
    MrcpHeaders headers = fixContentLength(msg);
    int rest = restOfStartLineLength(msg) + 2; // + CRLF
    for (MrcpHeaders.Header h : headers.all()) {
      rest += ByteBufUtil.utf8Bytes(h.name()) + 2 + ByteBufUtil.utf8Bytes(h.value()) + 2;
    }
    rest += 2 + msg.bodyLength(); // blank line + body
    int fixed = ByteBufUtil.utf8Bytes(msg.version()) + 1; // "MRCP/2.0 "
    long total = messageLength(fixed + rest);

    out.writeCharSequence(msg.version(), StandardCharsets.US_ASCII);
    out.writeByte(' ');
    out.writeCharSequence(Long.toString(total), StandardCharsets.US_ASCII);
    writeRestOfStartLine(msg, out);
    out.writeBytes(CRLF);
    for (MrcpHeaders.Header h : headers.all()) {
      ByteBufUtil.writeUtf8(out, h.name());
      out.writeBytes(COLON_SP);
      ByteBufUtil.writeUtf8(out, h.value());
      out.writeBytes(CRLF);
    }
    out.writeBytes(CRLF);
    msg.writeBody(out);
  }

  /**
   * message-length = the other octets + the digits of message-length itself: the smallest n with n
   * = others + digits(n) (e.g. 95 others give 97, but 98 others give 101, not 100).
   */
  static long messageLength(long others) {
    for (int digits = 1; digits <= 19; digits++) {
      long n = others + digits;
      if (Long.toString(n).length() == digits) {
        return n;
      }
    }
    throw new IllegalStateException("message too long: " + others);
  }

  private static MrcpHeaders fixContentLength(MrcpMessage msg) {
    String name = GenericHeaders.CONTENT_LENGTH.name();
    String want = Integer.toString(msg.bodyLength());
    var current = msg.headers().get(name);
    if (msg.hasBody() || current.isPresent()) {
      if (current.isEmpty()
          || !current.get().equals(want)
          || msg.headers().getAll(name).size() > 1) {
        return msg.headers().toBuilder().set(name, want).build();
      }
    }
    return msg.headers();
  }

  private static int restOfStartLineLength(MrcpMessage msg) {
    // " " + fields after message-length
    if (msg instanceof MrcpRequest r) {
      return 1 + r.method().byteLength() + 1 + digits(r.requestId());
    }
    if (msg instanceof MrcpResponse r) {
      return 1 + digits(r.requestId()) + 1 + 3 + 1 + r.state().wire().length();
    }
    MrcpEvent e = (MrcpEvent) msg;
    return 1 + e.name().byteLength() + 1 + digits(e.requestId()) + 1 + e.state().wire().length();
  }

  private static void writeRestOfStartLine(MrcpMessage msg, ByteBuf out) {
    out.writeByte(' ');
    if (msg instanceof MrcpRequest r) {
      r.method().writeTo(out);
      out.writeByte(' ');
      out.writeCharSequence(Long.toString(r.requestId()), StandardCharsets.US_ASCII);
    } else if (msg instanceof MrcpResponse r) {
      out.writeCharSequence(Long.toString(r.requestId()), StandardCharsets.US_ASCII);
      out.writeByte(' ');
      out.writeCharSequence(Integer.toString(r.status().code()), StandardCharsets.US_ASCII);
      out.writeByte(' ');
      out.writeCharSequence(r.state().wire(), StandardCharsets.US_ASCII);
    } else {
      MrcpEvent e = (MrcpEvent) msg;
      e.name().writeTo(out);
      out.writeByte(' ');
      out.writeCharSequence(Long.toString(e.requestId()), StandardCharsets.US_ASCII);
      out.writeByte(' ');
      out.writeCharSequence(e.state().wire(), StandardCharsets.US_ASCII);
    }
  }

  private static int digits(long v) {
    return Long.toString(v).length();
  }
}
