package io.mrcpj.asr.voskremote;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognition by a vosk-server over its WebSocket protocol (see {@link VoskProtocol}), for Vosk
 * running on other machines or GPUs. One WebSocket connection per stream; all connections share the
 * engine's event loop group ({@code vosk-remote-io-*}, {@code io-threads}), which the engine owns
 * and closes. Host names are looked up with netty's asynchronous DNS resolver so no lookup blocks a
 * loop. {@code wss://} uses the JDK's trust store and checks the host name.
 */
public final class RemoteVoskEngine implements RecognitionEngine {

  static final String NAME = "vosk-remote";
  private static final Logger log = LoggerFactory.getLogger(RemoteVoskEngine.class);

  /** Largest server message accepted (a result with words and alternatives is a few KiB). */
  private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private final RemoteVoskSettings settings;
  private final EventLoopGroup group;
  private final DnsAddressResolverGroup resolver;
  private final SslContext ssl;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteVoskEngine(RemoteVoskSettings settings) throws EngineException {
    this.settings = settings;
    SslContext context = null;
    if (settings.tls()) {
      try {
        context =
            SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
      } catch (SSLException e) {
        throw new EngineException(
            EngineException.Kind.ENGINE_FAILURE, "vosk-remote cannot set up TLS: " + e, e);
      }
    }
    this.ssl = context;
    this.group =
        new NioEventLoopGroup(
            settings.ioThreads(), new DefaultThreadFactory("vosk-remote-io", true));
    this.resolver =
        new DnsAddressResolverGroup(
            NioDatagramChannel.class, DnsServerAddressStreamProviders.platformDefault());
    log.info("vosk-remote engine for {} ({} Hz)", settings.url(), settings.sampleRate());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> languages() {
    return Set.of(settings.language());
  }

  @Override
  public int sampleRate() {
    return settings.sampleRate();
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    if (!supports(request.language())) {
      throw new EngineException(
          EngineException.Kind.LANGUAGE_UNSUPPORTED,
          "the vosk-server at "
              + settings.url()
              + " is "
              + settings.language()
              + ", not "
              + request.language());
    }
    if (closed.get()) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "the vosk-remote engine is closed");
    }
    return new RemoteVoskStream(this, request, listener);
  }

  /** The same leniency as the embedded engine: en-US serves en, en-US and other English tags. */
  boolean supports(String tag) {
    String want = tag.toLowerCase(Locale.ROOT);
    String have = settings.language().toLowerCase(Locale.ROOT);
    return want.equals(have) || want.split("-")[0].equals(have.split("-")[0]);
  }

  RemoteVoskSettings settings() {
    return settings;
  }

  /** The loop a new stream lives on: its connection, timers and state all stay there. */
  EventLoop nextLoop() {
    return group.next();
  }

  /**
   * Starts a WebSocket connection to the server on {@code loop}: TLS for {@code wss://}, the HTTP
   * upgrade (RFC 6455 §4), then {@code handler}, which sees the handshake's completion as a {@link
   * ClientHandshakeStateEvent} and whole server messages as frames. Close frames reach the handler
   * too: it runs the closing handshake itself. The returned future completes when TCP connects.
   */
  ChannelFuture connect(EventLoop loop, ChannelHandler handler) {
    return new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .resolver(resolver)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (ssl != null) {
                  ch.pipeline()
                      .addLast(ssl.newHandler(ch.alloc(), settings.host(), settings.port()));
                }
                ch.pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(16 * 1024))
                    .addLast(
                        new WebSocketClientProtocolHandler(
                            WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(settings.url())
                                .handleCloseFrames(false)
                                .dropPongFrames(true)
                                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                                .handshakeTimeoutMillis(settings.connectTimeoutMs())
                                .build()))
                    .addLast(new WebSocketFrameAggregator(MAX_MESSAGE_BYTES))
                    .addLast(handler);
              }
            })
        .connect(InetSocketAddress.createUnresolved(settings.host(), settings.port()));
  }

  boolean isClosed() {
    return closed.get();
  }

  AtomicInteger openStreams() {
    return openStreams;
  }

  /** Streams opened and not yet fully released; for tests and metrics. */
  public int activeStreams() {
    return openStreams.get();
  }

  /**
   * Closes every connection and stops the event loops, waiting up to five seconds. Streams still
   * open report an error unless they were closed first.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    resolver.close();
  }
}
