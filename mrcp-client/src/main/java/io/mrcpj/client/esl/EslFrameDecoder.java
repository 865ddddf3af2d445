package io.mrcpj.client.esl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts the Event Socket byte stream into {@link EslMessage}s: a header block ending in a blank
 * line, then {@code Content-Length} bytes of body. Lines end in LF (a CR before it is tolerated).
 *
 * <p>Limits: a header block longer than {@code maxHeaderBytes} and a body longer than {@code
 * maxBodyBytes} are skipped, not buffered. A frame that breaks the rules (an oversized part, a line
 * without a colon, a Content-Length that is not a number) becomes an {@link Error} passed up the
 * pipeline, and decoding resumes with the next frame: the connection stays usable.
 */
final class EslFrameDecoder extends ByteToMessageDecoder {

  /** A frame that could not be decoded; {@code contentType} is "" when it could not be read. */
  record Error(String reason, String contentType) {}

  private enum State {
    HEADERS,
    BODY,
    SKIP_HEADERS,
    SKIP_BODY
  }

  private final int maxHeaderBytes;
  private final int maxBodyBytes;

  private State state = State.HEADERS;

  /** How much of the current header block was already searched for its end. */
  private int scanned;

  private EslHeaders headers;
  private Error bodyError;
  private int bodyLength;
  private long skipRemaining;

  /** SKIP_HEADERS: the last byte skipped was a LF (a blank line may complete across reads). */
  private boolean skippedLf;

  EslFrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      boolean progress =
          switch (state) {
            case HEADERS -> readHeaders(in, out);
            case BODY -> readBody(in, out);
            case SKIP_BODY -> skipBody(in);
            case SKIP_HEADERS -> skipHeaders(in);
          };
      if (!progress) {
        return;
      }
    }
  }

  private boolean readHeaders(ByteBuf in, List<Object> out) {
    if (scanned == 0) {
      skipBlankLines(in);
      if (!in.isReadable()) {
        return false;
      }
    }
    int start = in.readerIndex();
    int from = start + Math.max(0, scanned - 2);
    int[] end = findBlankLine(in, from, in.writerIndex());
    if (end == null) {
      scanned = in.readableBytes();
      if (scanned > maxHeaderBytes) {
        out.add(new Error("header block longer than " + maxHeaderBytes + " bytes", ""));
        skippedLf = in.getByte(in.writerIndex() - 1) == '\n';
        in.skipBytes(in.readableBytes());
        scanned = 0;
        state = State.SKIP_HEADERS;
      }
      return false;
    }
    int blockLength = end[0] - start;
    scanned = 0;
    if (blockLength > maxHeaderBytes) {
      in.readerIndex(end[0] + end[1]);
      out.add(new Error("header block longer than " + maxHeaderBytes + " bytes", ""));
      return true;
    }
    String block = in.toString(start, blockLength, StandardCharsets.UTF_8);
    in.readerIndex(end[0] + end[1]);
    parseBlock(block, out);
    return true;
  }

  private void parseBlock(String block, List<Object> out) {
    EslHeaders.Builder b = EslHeaders.builder();
    String problem = null;
    int pos = 0;
    while (pos <= block.length()) {
      int lf = block.indexOf('\n', pos);
      String line = block.substring(pos, lf < 0 ? block.length() : lf);
      pos = lf < 0 ? block.length() + 1 : lf + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        if (problem == null) {
          problem = "header line without a name: \"" + abbreviate(line) + "\"";
        }
        continue;
      }
      b.add(line.substring(0, colon).strip(), line.substring(colon + 1).stripLeading());
    }
    EslHeaders h = b.build();
    String type = h.get("Content-Type", "");
    String lengthText = h.get("Content-Length");
    int length = 0;
    if (lengthText != null) {
      try {
        length = Integer.parseInt(lengthText.strip());
        if (length < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problem = "Content-Length is not a length: \"" + abbreviate(lengthText) + "\"";
        length = 0;
      }
    }
    if (length > maxBodyBytes) {
      out.add(
          new Error("body of " + length + " bytes is over the " + maxBodyBytes + " limit", type));
      skipRemaining = length;
      state = State.SKIP_BODY;
      return;
    }
    Error error = problem == null ? null : new Error(problem, type);
    if (length == 0) {
      out.add(error != null ? error : new EslMessage(h, null));
      return;
    }
    headers = h;
    bodyError = error;
    bodyLength = length;
    state = State.BODY;
  }

  private boolean readBody(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < bodyLength) {
      return false;
    }
    byte[] body = new byte[bodyLength];
    in.readBytes(body);
    out.add(bodyError != null ? bodyError : new EslMessage(headers, body));
    headers = null;
    bodyError = null;
    state = State.HEADERS;
    return true;
  }

  private boolean skipBody(ByteBuf in) {
    int n = (int) Math.min(in.readableBytes(), skipRemaining);
    in.skipBytes(n);
    skipRemaining -= n;
    if (skipRemaining == 0) {
      state = State.HEADERS;
      return true;
    }
    return false;
  }

  /** After an oversized header block: drop bytes up to and including the next blank line. */
  private boolean skipHeaders(ByteBuf in) {
    while (in.isReadable()) {
      byte c = in.readByte();
      if (c == '\n') {
        if (skippedLf) {
          skippedLf = false;
          state = State.HEADERS;
          return true;
        }
        skippedLf = true;
      } else if (c != '\r') {
        skippedLf = false;
      }
    }
    return false;
  }

  private static void skipBlankLines(ByteBuf in) {
    while (in.isReadable()) {
      byte c = in.getByte(in.readerIndex());
      if (c == '\n') {
        in.skipBytes(1);
      } else if (c == '\r' && in.readableBytes() > 1 && in.getByte(in.readerIndex() + 1) == '\n') {
        in.skipBytes(2);
      } else {
        return;
      }
    }
  }

  /** {start of the terminator, its length} for the first LF LF (or LF CR LF) at or after from. */
  private static int[] findBlankLine(ByteBuf in, int from, int to) {
    int i = from;
    while (i < to) {
      int lf = in.forEachByte(i, to - i, ByteProcessor.FIND_LF);
      if (lf < 0 || lf + 1 >= to) {
        return null;
      }
      byte next = in.getByte(lf + 1);
      if (next == '\n') {
        return new int[] {lf, 2};
      }
      if (next == '\r') {
        if (lf + 2 >= to) {
          return null;
        }
        if (in.getByte(lf + 2) == '\n') {
          return new int[] {lf, 3};
        }
      }
      i = lf + 1;
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
