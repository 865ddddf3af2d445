package io.mrcpj.asr.alibaba;

import com.alibaba.nls.client.transport.Connection;
import com.alibaba.nls.client.transport.ConnectionListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection to the gateway, as the SDK's {@link Connection}: the SDK writes its JSON
 * commands and the audio through it, and hears the server's messages and the connection's end
 * through its {@link ConnectionListener}, on this connection's netty event loop.
 *
 * <p>Inbound events reach the listener in order, and wait while the stream says the SDK is not
 * ready for them ({@link TransportEvents#holdInbound()}; see {@code AlibabaNlsStream}).
 *
 * <p>The listener hears nothing until the upgrade has succeeded: before that, a failure is the
 * connect's ({@link #opened()} fails), not the recognition's. Its {@code onClose} comes once: with
 * the server's close code and reason if it sent a Close frame; else with -1 and what failed (an I/O
 * error), or -1 and null when the TCP connection just ended.
 */
final class WsConnection implements Connection {

  /**
   * How long a closing connection waits for the server to answer its Close frame and hang up before
   * hanging up itself (RFC 6455 §7.1.1: the server closes the TCP connection first).
   */
  static final int CLOSE_WAIT_MS = 1000;

  /** Longest that inbound messages wait for {@link TransportEvents#holdInbound()} to let go. */
  static final int HOLD_MAX_MS = 1000;

  /** Most of a refused upgrade's answer kept for the message. */
  private static final int REFUSAL_CHARS = 300;

  private final ConnectionListener listener;
  private final TransportEvents events;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private volatile Channel channel;
  private volatile long connectedNanos;
  private volatile long openedNanos;
  private volatile String refusal;

  // Confined to the event loop: what onClose is told (-1 and null: the TCP connection just ended).
  private int closeCode = -1;
  private String closeReason;
  private boolean closeReported;
  private final ArrayDeque<Runnable> held = new ArrayDeque<>();
  private long holdingSince;

  WsConnection(ConnectionListener listener, TransportEvents events) {
    this.listener = listener;
    this.events = events;
  }

  /** Completes when the upgrade succeeds; fails with why it did not. */
  CompletableFuture<Void> opened() {
    return opened;
  }

  /** The HTTP answer to a refused upgrade (status and the start of its body), or null. */
  String refusal() {
    return refusal;
  }

  /** Binds the channel being connected; a connection closed already closes it at once. */
  void bind(ChannelFuture connecting) {
    channel = connecting.channel();
    connecting.addListener(
        f -> {
          if (f.isSuccess()) {
            connectedNanos = System.nanoTime();
          } else {
            opened.completeExceptionally(f.cause());
          }
        });
    if (closing.get()) {
      channel.close();
    }
  }

  /**
   * Goes before the WebSocket protocol handler, which takes the upgrade's answer: keeps the status
   * and body of a refusal, which the protocol handler's exception does not carry.
   */
  ChannelInboundHandlerAdapter refusalWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpResponse r
            && !r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
          String body = r.content().toString(StandardCharsets.UTF_8).strip();
          refusal =
              r.status()
                  + (body.isEmpty()
                      ? ""
                      : ": " + body.substring(0, Math.min(body.length(), REFUSAL_CHARS)));
        }
        super.channelRead(ctx, msg);
      }
    };
  }

  SimpleChannelInboundHandler<WebSocketFrame> frames() {
    return new Frames();
  }

  @Override
  public void sendText(String text) {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(new TextWebSocketFrame(text));
    }
  }

  /** Writes audio; its size is reported to the stream once it is written or dropped. */
  @Override
  public void sendBinary(byte[] data) {
    Channel ch = channel;
    if (ch == null || !ch.isActive() || closing.get()) {
      events.written(data.length);
      return;
    }
    ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)))
        .addListener(f -> events.written(data.length));
  }

  @Override
  public void sendPing() {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(new PingWebSocketFrame());
    }
  }

  /**
   * Ends the connection without waiting: a Close frame once it is open (then the TCP connection
   * after {@value #CLOSE_WAIT_MS} ms if the server does not end it first), else at once.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    Channel ch = channel;
    if (ch == null) {
      return; // bind() closes it
    }
    if (opened.isDone() && !opened.isCompletedExceptionally() && ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
      try {
        ch.eventLoop().schedule(() -> ch.close(), CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        ch.close(); // the engine is closing: its loops end every connection
      }
    } else {
      ch.close();
    }
  }

  @Override
  public String getId() {
    Channel ch = channel;
    return ch == null ? "unconnected" : ch.id().asShortText();
  }

  @Override
  public boolean isActive() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  @Override
  public long getConnectingLatency() {
    long c = connectedNanos;
    return c == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(c - startNanos);
  }

  @Override
  public long getWsHandshakeLatency() {
    long c = connectedNanos;
    long o = openedNanos;
    return c == 0 || o == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(o - c);
  }

  /** The last handler: the upgrade's end, the server's messages, the connection's end. */
  private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        openedNanos = System.nanoTime();
        opened.complete(null);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame t) {
        String text = t.text();
        deliver(
            ctx,
            () -> {
              try {
                listener.onMessage(text);
              } catch (RuntimeException e) {
                events.badMessage(text, e);
                ctx.close();
              }
            });
      } else if (frame instanceof CloseWebSocketFrame c) {
        closeCode = c.statusCode();
        closeReason = c.reasonText();
        if (closing.compareAndSet(false, true)) {
          ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
              .addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.close(); // the answer to ours
        }
      }
      // Binary messages are not part of the service's answers; pings are answered by the codec.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      // No effect once the upgrade is done; the listener only hears of connections that opened.
      opened.completeExceptionally(
          new IOException("the connection closed during the WebSocket upgrade"));
      if (!opened.isCompletedExceptionally() && !closeReported) {
        closeReported = true;
        int code = closeCode;
        String reason = closeReason;
        deliver(ctx, () -> listener.onClose(code, reason));
      }
      super.channelInactive(ctx);
    }

    /** Hands one inbound event to the listener, in order, once the stream is ready for it. */
    private void deliver(ChannelHandlerContext ctx, Runnable event) {
      if (held.isEmpty() && !events.holdInbound()) {
        event.run();
        return;
      }
      held.add(event);
      if (held.size() == 1) {
        holdingSince = System.nanoTime();
        if (!releaseLater(ctx)) {
          drain();
        }
      }
    }

    private void release(ChannelHandlerContext ctx) {
      long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - holdingSince);
      if (events.holdInbound() && heldMs < HOLD_MAX_MS && releaseLater(ctx)) {
        return;
      }
      drain();
    }

    /** Looks again in a millisecond; false when the loop is shutting down (nothing to wait for). */
    private boolean releaseLater(ChannelHandlerContext ctx) {
      try {
        ctx.executor().schedule(() -> release(ctx), 1, TimeUnit.MILLISECONDS);
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    private void drain() {
      Runnable event;
      while ((event = held.poll()) != null) {
        event.run();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!opened.completeExceptionally(cause)) {
        closeReason = Failures.rootMessage(cause);
      }
      ctx.close();
    }
  }
}
