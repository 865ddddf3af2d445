package io.mrcpj.asr.alibaba;

import com.alibaba.nls.client.protocol.NlsClient;
import com.alibaba.nls.client.transport.Connection;
import com.alibaba.nls.client.transport.ConnectionListener;
import io.mrcpj.asr.spi.EngineException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The SDK's {@link NlsClient} with a transport of the engine's own. The SDK's {@code
 * SpeechTranscriber} connects through {@link #connect(String, ConnectionListener)}; the stock
 * client would do that with its own netty client, which this replaces because that one:
 *
 * <ul>
 *   <li>accepts any server certificate for {@code wss://} (it is built with netty's {@code
 *       InsecureTrustManagerFactory}), so the token and the callers' audio could go to anyone on
 *       the path; here TLS checks the chain against the JDK's trust store and the host name;
 *   <li>takes its TCP connect timeout from a static field ({@code NlsClient.connectTimeout}, one
 *       value for the whole JVM) and its upgrade timeout from a system property (10 s), and tries
 *       three times; here {@code connect-timeout-ms} bounds the whole connect, once;
 *   <li>starts an event loop group of two threads per core per client.
 * </ul>
 *
 * The SDK's protocol layer above it (the JSON commands, the listener and its message parsing, the
 * start and stop handshakes) is used as it is. This client's connections run on the engine's event
 * loop group, which the engine shuts down; {@link #shutdown()} does nothing.
 *
 * <p>{@link #connect} blocks until the upgrade has succeeded or failed: the SDK's {@code
 * SpeechTranscriber} constructor calls it and needs the connection. It runs on an engine worker.
 */
final class NlsGateway extends NlsClient {

  /** Largest server message accepted (a sentence with its words is a few KiB). */
  private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private final AlibabaNlsSettings settings;
  private final EventLoopGroup group;
  private final SslContext ssl;

  NlsGateway(AlibabaNlsSettings settings, EventLoopGroup group) throws EngineException {
    super(); // the stock client's transport is not made
    this.settings = settings;
    this.group = group;
    try {
      this.ssl =
          settings.tls()
              ? SslContextBuilder.forClient()
                  .sslProvider(SslProvider.JDK)
                  .endpointIdentificationAlgorithm("HTTPS")
                  .build()
              : null;
    } catch (SSLException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "alibaba-nls cannot set up TLS: " + e, e);
    }
  }

  /** Not used: every connection is made with a token. */
  @Override
  public Connection connect(ConnectionListener listener) {
    throw new UnsupportedOperationException("alibaba-nls connects with a token only");
  }

  @Override
  public Connection connect(String token, ConnectionListener listener) throws Exception {
    return connect(token, listener, null);
  }

  /**
   * Connects to {@code url} (the configured one; another URI is refused: the TLS and port decisions
   * were made for that one) with the token as {@code X-NLS-Token}.
   *
   * @throws ConnectFailure saying what failed, or {@link InterruptedException}
   */
  @Override
  public Connection connect(String token, ConnectionListener listener, URI uri) throws Exception {
    URI url = settings.url();
    if (uri != null && !uri.equals(url)) {
      throw new IllegalArgumentException("alibaba-nls connects to " + url + " only");
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.connectTimeoutMs());
    TransportEvents events = listener instanceof TransportEvents t ? t : TransportEvents.NONE;
    WsConnection connection = new WsConnection(listener, events);
    events.connecting(connection);
    InetSocketAddress address;
    try {
      // A blocking look-up, but on a worker: the event loops never wait for DNS.
      address = new InetSocketAddress(InetAddress.getByName(url.getHost()), settings.port());
    } catch (java.net.UnknownHostException e) {
      throw new ConnectFailure("cannot connect to " + url + ": unknown host " + url.getHost(), e);
    }
    HttpHeaders headers = new DefaultHttpHeaders().set("X-NLS-Token", token);
    connection.bind(
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline()
                          .addLast(ssl.newHandler(ch.alloc(), url.getHost(), settings.port()));
                    }
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(16 * 1024))
                        .addLast(connection.refusalWatcher())
                        .addLast(
                            new WebSocketClientProtocolHandler(
                                WebSocketClientProtocolConfig.newBuilder()
                                    .webSocketUri(url)
                                    .customHeaders(headers)
                                    .handleCloseFrames(false)
                                    .dropPongFrames(true)
                                    .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                                    .handshakeTimeoutMillis(settings.connectTimeoutMs())
                                    .build()))
                        .addLast(new WebSocketFrameAggregator(MAX_MESSAGE_BYTES))
                        .addLast(connection.frames());
                  }
                })
            .connect(address));
    await(connection, deadline, token);
    return connection;
  }

  private void await(WsConnection connection, long deadline, String token) throws Exception {
    URI url = settings.url();
    try {
      connection.opened().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      connection.close();
      throw new ConnectFailure(
          "no WebSocket connection to "
              + url
              + " within "
              + settings.connectTimeoutMs()
              + " ms (connect-timeout-ms)",
          e);
    } catch (InterruptedException e) {
      connection.close();
      throw e;
    } catch (ExecutionException e) {
      connection.close();
      Throwable cause = e.getCause();
      String refusal = Failures.mask(connection.refusal(), token);
      if (refusal != null) {
        throw new ConnectFailure(url + " refused the WebSocket upgrade: " + refusal, cause);
      }
      if (cause instanceof WebSocketClientHandshakeException) {
        throw new ConnectFailure(url + " refused the WebSocket upgrade: " + cause.getMessage(), e);
      }
      if (Failures.find(cause, SSLException.class) != null) {
        throw new ConnectFailure(
            "TLS with " + url + " failed: " + Failures.rootMessage(cause), cause);
      }
      throw new ConnectFailure(
          "cannot connect to " + url + ": " + Failures.rootMessage(cause), cause);
    }
  }

  /** The engine owns the event loops and shuts them down. */
  @Override
  public void shutdown() {}

  @Override
  public void shutdown(long timeout, TimeUnit unit) {}

  /** A connect that failed; the message names the URL and what happened. */
  static final class ConnectFailure extends Exception {
    ConnectFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
