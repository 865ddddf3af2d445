package io.mrcpj.client.esl;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeSWITCH Event Socket, outbound mode: the dialplan's {@code socket <host:port> async full}
 * makes FreeSWITCH connect here for each call. For every connection the server sends {@code
 * connect} (the answer is the channel's data), {@code myevents} and {@code linger}, then runs the
 * {@link Handler} on a thread of its own, where it may wait for commands to finish. When the
 * handler returns, the connection closes.
 *
 * <pre>{@code
 * EslOutboundServer server = EslOutboundServer.builder().port(8084).handler(call -> {
 *   call.execute("answer", null).join();
 *   SpeechResult r = call.playAndDetectSpeech("ivr/say-your-account.wav", "unimrcp:mrcpj",
 *       "builtin:dtmf/digits?length=6", Map.of("no-input-timeout", "5000")).join();
 *   call.hangup("NORMAL_CLEARING").join();
 * }).start();
 * }</pre>
 *
 * <p>At most {@link Builder#maxCalls} handlers run at once; a call beyond that is refused by
 * closing its socket at once (FreeSWITCH then goes on with the dialplan) and counted.
 */
public final class EslOutboundServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EslOutboundServer.class);

  /** Runs one call. May block; the call's connection closes when it returns. */
  @FunctionalInterface
  public interface Handler {
    void onCall(OutboundCall call) throws Exception;
  }

  private final Builder config;
  private final EslRuntime runtime;
  private final ThreadPoolExecutor handlers;
  private final Counters counters = new Counters();
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private Channel server;

  private EslOutboundServer(Builder b) {
    this.config = b;
    this.runtime = new EslRuntime("esl-out", b.eventThreads, b.eventQueueCapacity);
    AtomicInteger n = new AtomicInteger();
    this.handlers =
        new ThreadPoolExecutor(
            0,
            b.maxCalls,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "esl-call-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Handlers running now. */
  public int activeCalls() {
    return active.get();
  }

  /** Connections accepted and handed to the handler since start. */
  public long acceptedCalls() {
    return accepted.sum();
  }

  /** Connections refused because {@code maxCalls} handlers were running. */
  public long refusedCalls() {
    return refused.sum();
  }

  public EslStats stats() {
    return counters.snapshot(runtime.lanes.dropped());
  }

  /** Stops listening, closes every call's socket and stops the threads. */
  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    handlers.shutdownNow();
    runtime.shutdown();
    try {
      runtime.awaitTermination(3000);
      handlers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private EslOutboundServer bind() {
    EslConnection.Settings settings =
        new EslConnection.Settings(
            config.commandTimeout, 10_000, null, null, config.maxHeaderBytes, config.maxBodyBytes);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(runtime.loops)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch, settings);
                  }
                });
    try {
      server = b.bind(config.host, config.port).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      close();
      throw new EslConnectionException(
          "cannot listen on " + config.host + ":" + config.port + ": " + e.getMessage(), e);
    }
    log.info("ESL outbound server listening on {}", server.localAddress());
    return this;
  }

  private void accept(SocketChannel ch, EslConnection.Settings settings) {
    if (active.incrementAndGet() > config.maxCalls) {
      active.decrementAndGet();
      refused.increment();
      log.warn(
          "refusing outbound call from {}: {} calls running", ch.remoteAddress(), config.maxCalls);
      ch.close();
      return;
    }
    accepted.increment();
    OutboundSession s =
        new OutboundSession(config, runtime, counters, handlers, active::decrementAndGet);
    s.start(ch, settings);
  }

  /** Settings of an outbound server; {@link #start()} binds it. */
  public static final class Builder {
    String host = "127.0.0.1";
    int port = 8084;
    Handler handler;
    int maxCalls = 200;
    Duration commandTimeout = Duration.ofSeconds(10);
    Duration connectTimeout = Duration.ofSeconds(5);
    Linger linger = Linger.UNTIL_CLOSED;
    Duration lingerLimit = Duration.ofSeconds(30);
    int eventThreads = 2;
    int eventQueueCapacity = 10_000;
    int maxHeaderBytes = 256 * 1024;
    int maxBodyBytes = 8 * 1024 * 1024;

    /** What to ask FreeSWITCH about keeping the socket open after the call hangs up. */
    public enum Linger {
      /** {@code linger}: until the application closes it (the final events all arrive). */
      UNTIL_CLOSED,
      /** {@code linger <limit>}: FreeSWITCH closes the socket this long after the hangup. */
      TIMED,
      /** No linger: FreeSWITCH closes the socket as soon as the call hangs up. */
      NONE
    }

    private Builder() {}

    /** Address to listen on (127.0.0.1 by default; FreeSWITCH connects to it). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** Port to listen on (8084 by default; 0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder handler(Handler handler) {
      this.handler = Objects.requireNonNull(handler);
      return this;
    }

    /** Handlers that may run at once (200 by default); each has a thread while it runs. */
    public Builder maxCalls(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxCalls must be at least 1");
      }
      this.maxCalls = n;
      return this;
    }

    /** How long a command waits for its answer (10 s by default). */
    public Builder commandTimeout(Duration d) {
      this.commandTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** How long FreeSWITCH has to answer {@code connect} (5 s by default). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /**
     * Linger mode (UNTIL_CLOSED by default) and, for UNTIL_CLOSED, how long after the hangup the
     * socket may stay open if the handler has not returned (30 s by default): a handler stuck after
     * the call ended cannot hold FreeSWITCH's socket forever.
     */
    public Builder linger(Linger mode, Duration limit) {
      this.linger = Objects.requireNonNull(mode);
      this.lingerLimit = Objects.requireNonNull(limit);
      return this;
    }

    public Builder eventThreads(int n) {
      this.eventThreads = n;
      return this;
    }

    public Builder eventQueueCapacity(int n) {
      this.eventQueueCapacity = n;
      return this;
    }

    /** Binds and starts accepting calls. */
    public EslOutboundServer start() {
      if (handler == null) {
        throw new IllegalStateException("no handler");
      }
      return new EslOutboundServer(this).bind();
    }
  }
}
