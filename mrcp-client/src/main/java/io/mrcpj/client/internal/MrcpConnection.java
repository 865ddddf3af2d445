package io.mrcpj.client.internal;

import io.mrcpj.client.MrcpClientException;
import io.mrcpj.core.codec.MrcpDecodeFailure;
import io.mrcpj.core.codec.MrcpDecoder;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MRCPv2 control connection (RFC 6787 section 4.2: TCP) carrying the channels of one or more
 * sessions. Responses are matched to requests by Channel-Identifier and request-id; events go to
 * the channel they name.
 *
 * <p>Response futures and listeners are completed and called on the connection's event loop, in
 * wire order: callers hop to their own executor (the {@code *Async} methods) before doing work.
 */
public final class MrcpConnection {

  private static final Logger log = LoggerFactory.getLogger(MrcpConnection.class);

  /** What a channel hears from its connection. Called on the event loop: must not block. */
  public interface ChannelListener {
    void onEvent(MrcpEvent event);

    /** The connection closed; no more responses or events will come. */
    void onConnectionLost(String reason);
  }

  private record Key(ChannelId channel, long requestId) {}

  private final Channel channel;
  private final InetSocketAddress remote;
  private final Map<Key, CompletableFuture<MrcpResponse>> pending = new ConcurrentHashMap<>();
  private final Map<ChannelId, ChannelListener> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger users = new AtomicInteger();
  private volatile boolean closed;

  private MrcpConnection(Channel channel, InetSocketAddress remote) {
    this.channel = channel;
    this.remote = remote;
  }

  /** Opens a plain TCP connection to {@code remote}. */
  public static CompletableFuture<MrcpConnection> connect(
      EventLoopGroup loops,
      InetSocketAddress remote,
      MrcpDecoderConfig decoder,
      Duration timeout,
      Executor callbacks) {
    return connect(loops, remote, decoder, timeout, callbacks, null);
  }

  /**
   * Opens a connection to {@code remote}; with {@code tls}, a TLS connection whose server must show
   * a certificate the context trusts, issued for the address or name connected to. The future
   * completes once the handshake is done.
   */
  public static CompletableFuture<MrcpConnection> connect(
      EventLoopGroup loops,
      InetSocketAddress remote,
      MrcpDecoderConfig decoder,
      Duration timeout,
      Executor callbacks,
      SslContext tls) {
    CompletableFuture<MrcpConnection> out = new CompletableFuture<>();
    SslHandler[] ssl = new SslHandler[1];
    Handler handler = new Handler();
    ChannelFuture f =
        new Bootstrap()
            .group(loops)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                      SslHandler h =
                          tls.newHandler(ch.alloc(), remote.getHostString(), remote.getPort());
                      SSLParameters p = h.engine().getSSLParameters();
                      p.setEndpointIdentificationAlgorithm("HTTPS"); // the name must match
                      h.engine().setSSLParameters(p);
                      h.setHandshakeTimeoutMillis(Math.max(1, timeout.toMillis()));
                      ssl[0] = h;
                      ch.pipeline().addLast("tls", h);
                    }
                    ch.pipeline()
                        .addLast(new MrcpDecoder(decoder))
                        .addLast(new MrcpEncoder())
                        .addLast(handler);
                  }
                })
            .connect(remote);
    f.addListener(
        done -> {
          if (done.isSuccess() && ssl[0] != null) {
            ssl[0]
                .handshakeFuture()
                .addListener(
                    hs -> {
                      if (hs.isSuccess()) {
                        ready(f.channel(), remote, handler, callbacks, out);
                      } else {
                        f.channel().close();
                        MrcpClientException e =
                            new MrcpClientException(
                                "TLS with "
                                    + remote.getHostString()
                                    + ":"
                                    + remote.getPort()
                                    + " failed: "
                                    + hs.cause().getMessage(),
                                hs.cause());
                        callbacks.execute(() -> out.completeExceptionally(e));
                      }
                    });
          } else if (done.isSuccess()) {
            ready(f.channel(), remote, handler, callbacks, out);
          } else {
            MrcpClientException e =
                new MrcpClientException(
                    "cannot connect MRCP to "
                        + remote.getHostString()
                        + ":"
                        + remote.getPort()
                        + ": "
                        + done.cause().getMessage(),
                    done.cause());
            callbacks.execute(() -> out.completeExceptionally(e));
          }
        });
    return out;
  }

  private static void ready(
      Channel ch,
      InetSocketAddress remote,
      Handler handler,
      Executor callbacks,
      CompletableFuture<MrcpConnection> out) {
    MrcpConnection c = new MrcpConnection(ch, remote);
    handler.connection = c;
    ch.closeFuture().addListener(x -> c.onClosed("MRCP connection closed"));
    callbacks.execute(() -> out.complete(c));
  }

  public InetSocketAddress remote() {
    return remote;
  }

  public boolean isOpen() {
    return !closed && channel.isActive();
  }

  /** Adds a channel; events naming it go to {@code listener}. */
  public void register(ChannelId id, ChannelListener listener) {
    listeners.put(id, listener);
    users.incrementAndGet();
  }

  /**
   * Removes a channel.
   *
   * @return the channels still using this connection
   */
  public int unregister(ChannelId id) {
    if (listeners.remove(id) != null) {
      return users.decrementAndGet();
    }
    return users.get();
  }

  // Sessions being set up that were handed this connection but have not registered yet; guarded
  // by this connection's lock, with `closing`.
  private int reserved;
  private boolean closing;

  /**
   * Holds the connection for a session being set up, so that the last other session leaving
   * meanwhile does not close it. False when it is closing or closed: use another.
   */
  public synchronized boolean reserve() {
    if (closing || !isOpen()) {
      return false;
    }
    reserved++;
    return true;
  }

  /** The reserving session has registered its channel (or given up). */
  public synchronized void unreserve() {
    if (reserved > 0) {
      reserved--;
    }
  }

  /**
   * True, and from then on refusing reservations, when no channel uses the connection and no
   * session is being set up on it: the caller closes it.
   */
  public synchronized boolean closeIfUnused() {
    if (users.get() == 0 && reserved == 0 && !closing) {
      closing = true;
      return true;
    }
    return false;
  }

  /** Channels using this connection now. */
  public int users() {
    return users.get();
  }

  /**
   * Sends {@code request}; the future completes with its response (whatever the status) or fails
   * with {@link MrcpClientException} when the connection closes first. The caller bounds the wait.
   */
  public CompletableFuture<MrcpResponse> send(MrcpRequest request) {
    CompletableFuture<MrcpResponse> f = new CompletableFuture<>();
    ChannelId id = request.channelId().orElse(null);
    Key key = new Key(id, request.requestId());
    if (closed) {
      f.completeExceptionally(new MrcpClientException("MRCP connection is closed"));
      return f;
    }
    pending.put(key, f);
    channel
        .writeAndFlush(request)
        .addListener(
            w -> {
              if (!w.isSuccess() && pending.remove(key, f)) {
                f.completeExceptionally(
                    new MrcpClientException("cannot send " + request.method(), w.cause()));
              }
            });
    return f;
  }

  /** Forgets a request that will not be answered (its caller gave up). */
  public void forget(MrcpRequest request) {
    pending.remove(new Key(request.channelId().orElse(null), request.requestId()));
  }

  /** Closes the connection (pending requests fail). */
  public void close() {
    channel.close();
  }

  private void onResponse(MrcpResponse r) {
    ChannelId id = r.channelId().orElse(null);
    CompletableFuture<MrcpResponse> f = pending.remove(new Key(id, r.requestId()));
    if (f == null) {
      // a response without (or with a mangled) Channel-Identifier: match the request-id alone
      for (Iterator<Map.Entry<Key, CompletableFuture<MrcpResponse>>> it =
              pending.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Key, CompletableFuture<MrcpResponse>> e = it.next();
        if (e.getKey().requestId() == r.requestId()) {
          it.remove();
          f = e.getValue();
          break;
        }
      }
    }
    if (f == null) {
      log.debug("unexpected response {} from {}", r, remote);
      return;
    }
    f.complete(r);
  }

  private void onEvent(MrcpEvent e) {
    ChannelListener l = e.channelId().map(listeners::get).orElse(null);
    if (l == null) {
      log.debug("event for no known channel: {}", e);
      return;
    }
    l.onEvent(e);
  }

  private void onClosed(String reason) {
    closed = true;
    MrcpClientException e = new MrcpClientException(reason);
    for (CompletableFuture<MrcpResponse> f : pending.values()) {
      f.completeExceptionally(e);
    }
    pending.clear();
    for (ChannelListener l : listeners.values()) {
      l.onConnectionLost(reason);
    }
  }

  private static final class Handler extends SimpleChannelInboundHandler<Object> {
    volatile MrcpConnection connection;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      MrcpConnection c = connection;
      if (c == null) {
        return;
      }
      if (msg instanceof MrcpResponse r) {
        c.onResponse(r);
      } else if (msg instanceof MrcpEvent e) {
        c.onEvent(e);
      } else if (msg instanceof MrcpDecodeFailure f) {
        log.warn("malformed message from the server: {}", f.reason());
      } else if (msg instanceof MrcpMessage m) {
        log.debug("ignoring {} from the server", m);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn(
          "closing MRCP connection to {}: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
