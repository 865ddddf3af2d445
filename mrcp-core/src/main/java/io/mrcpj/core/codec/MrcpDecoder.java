package io.mrcpj.core.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames and parses MRCPv2 messages (RFC 6787 section 5). Emits {@link
 * io.mrcpj.core.message.MrcpMessage}s and, for well-framed messages that cannot be read, {@link
 * MrcpDecodeFailure}s. A message whose message-length is over {@link
 * MrcpDecoderConfig#maxMessageBytes()} is skipped as its bytes arrive, never buffered, and then
 * reported as a failure (504). A framing error raises {@link MrcpProtocolException}; after it the
 * decoder discards everything, and the handler is expected to close the connection.
 *
 * <p>Not sharable: one instance per channel.
 */
public final class MrcpDecoder extends ByteToMessageDecoder {

  private enum State {
    READ_MESSAGE,
    DISCARD,
    BROKEN
  }

  private final MrcpDecoderConfig config;
  private State state = State.READ_MESSAGE;
  private long discardRemaining;
  private MrcpDecodeFailure pendingFailure;

  public MrcpDecoder() {
    this(MrcpDecoderConfig.DEFAULT);
  }

  public MrcpDecoder(MrcpDecoderConfig config) {
    this.config = config;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case BROKEN -> in.skipBytes(in.readableBytes());
      case DISCARD -> discard(in, out);
      case READ_MESSAGE -> readMessage(in, out);
    }
  }

  private void readMessage(ByteBuf in, List<Object> out) {
    StartLine sl;
    try {
      sl = StartLine.peek(in, config.maxStartLineBytes());
    } catch (MrcpProtocolException e) {
      state = State.BROKEN;
      in.skipBytes(in.readableBytes());
      throw e;
    }
    if (sl == null) {
      return;
    }
    if (sl.messageLength > config.maxMessageBytes()) {
      pendingFailure = MrcpParser.tooLarge(sl, config);
      discardRemaining = sl.messageLength;
      state = State.DISCARD;
      discard(in, out);
      return;
    }
    int length = (int) sl.messageLength;
    if (in.readableBytes() < length) {
      return; // wait: length is within the limit, so the cumulation stays bounded
    }
    ByteBuf msg = in.slice(in.readerIndex(), length);
    Object result = MrcpParser.parse(msg, sl, config);
    in.skipBytes(length);
    out.add(result);
  }

  private void discard(ByteBuf in, List<Object> out) {
    int n = (int) Math.min(discardRemaining, in.readableBytes());
    in.skipBytes(n);
    discardRemaining -= n;
    if (discardRemaining == 0) {
      out.add(pendingFailure);
      pendingFailure = null;
      state = State.READ_MESSAGE;
    }
  }
}
