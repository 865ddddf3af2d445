package io.mrcpj.server.control;

import io.mrcpj.core.codec.MrcpDecoder;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.server.security.AddressFilter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MRCPv2 control listener (RFC 6787 section 4.2): TCP, one decoder per connection, requests
 * routed through a {@link ChannelRegistry}. Owns its event loops and shuts them down on close.
 */
public final class MrcpControlServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MrcpControlServer.class);

  private final String host;
  private final int port;
  private final MrcpDecoderConfig decoderConfig;
  private final ChannelRegistry registry;
  private final int ioThreads;
  private final Guard guard;
  private final SslContext tls;
  private volatile io.mrcpj.server.metrics.ServerMetrics metrics =
      io.mrcpj.server.metrics.ServerMetrics.none();
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel serverChannel;

  /**
   * What a connection may do.
   *
   * @param allow who may connect; other connections are closed as soon as they are accepted
   * @param maxChannels channels one connection may carry requests for; a request for one more is
   *     answered 407
   */
  public record Guard(AddressFilter allow, int maxChannels) {
    /** Everyone, and as many channels as anyone likes (tests). */
    public static Guard open() {
      return new Guard(AddressFilter.anyone(), Integer.MAX_VALUE);
    }
  }

  /**
   * @param ioThreads worker event loops; 0 means one per core
   */
  public MrcpControlServer(
      String host,
      int port,
      MrcpDecoderConfig decoderConfig,
      ChannelRegistry registry,
      int ioThreads) {
    this(host, port, decoderConfig, registry, ioThreads, Guard.open());
  }

  /**
   * @param ioThreads worker event loops; 0 means one per core
   * @param guard who may connect and how many channels a connection may use
   */
  public MrcpControlServer(
      String host,
      int port,
      MrcpDecoderConfig decoderConfig,
      ChannelRegistry registry,
      int ioThreads,
      Guard guard) {
    this(host, port, decoderConfig, registry, ioThreads, guard, null);
  }

  /**
   * @param ioThreads worker event loops; 0 means one per core
   * @param guard who may connect and how many channels a connection may use
   * @param tls when not null, every connection starts with a TLS handshake ({@code
   *     TCP/TLS/MRCPv2}); a peer that speaks plain MRCP fails it and is closed
   */
  public MrcpControlServer(
      String host,
      int port,
      MrcpDecoderConfig decoderConfig,
      ChannelRegistry registry,
      int ioThreads,
      Guard guard,
      SslContext tls) {
    this.host = host;
    this.port = port;
    this.decoderConfig = decoderConfig;
    this.registry = registry;
    this.ioThreads = ioThreads;
    this.guard = guard;
    this.tls = tls;
  }

  /** Where requests, responses and recognitions are counted; call before {@link #start()}. */
  public MrcpControlServer metrics(io.mrcpj.server.metrics.ServerMetrics m) {
    this.metrics = m;
    return this;
  }

  /**
   * Binds the listener.
   *
   * @return the bound address (the real port when 0 was asked for)
   * @throws InterruptedException if interrupted while binding
   * @throws java.net.BindException (sneakily, from netty) when the port is taken
   */
  public synchronized InetSocketAddress start() throws InterruptedException {
    if (serverChannel != null) {
      throw new IllegalStateException("already started");
    }
    boss = new NioEventLoopGroup(1, new DefaultThreadFactory("mrcp-accept", true));
    workers =
        new NioEventLoopGroup(
            ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors(),
            new DefaultThreadFactory("mrcp-io", true));
    MrcpEncoder encoder = new MrcpEncoder();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                      ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast("mrcp-decoder", new MrcpDecoder(decoderConfig))
                        .addLast("mrcp-encoder", encoder)
                        .addLast("mrcp-metrics", new MrcpMetricsHandler(metrics))
                        .addLast("mrcp-control", new MrcpControlHandler(registry, guard));
                  }
                });
    try {
      serverChannel = b.bind(host, port).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    log.info(
        "MRCPv2 listening on {} {}:{}",
        tls != null ? "TLS" : "TCP",
        bound.getHostString(),
        bound.getPort());
    return bound;
  }

  /** Stops accepting, closes every connection and stops the event loops. */
  @Override
  public synchronized void close() {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      serverChannel = null;
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      boss = null;
      workers = null;
    }
  }
}
