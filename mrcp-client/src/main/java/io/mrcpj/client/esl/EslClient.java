package io.mrcpj.client.esl;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeSWITCH Event Socket client, inbound mode: connects to mod_event_socket (default
 * 127.0.0.1:8021), authenticates, sends commands and receives events.
 *
 * <pre>{@code
 * try (EslClient fs = EslClient.builder().host("10.0.0.5").password("ClueCon").connect().join()) {
 *   fs.addListener(e -> { if (e instanceof DtmfEvent d) System.out.println(d.digit()); });
 *   fs.subscribe("CHANNEL_ANSWER", "DTMF", "CHANNEL_HANGUP_COMPLETE").join();
 *   BackgroundJobEvent job = fs.bgapi("originate user/1000 &park").join();
 *   SpeechResult r = fs.call(uuid).playAndDetectSpeech(
 *       "ivr/say-yes-or-no.wav", "unimrcp:mrcpj", "builtin:grammar/boolean", Map.of()).join();
 * }
 * }</pre>
 *
 * <p>Every command has a timeout ({@link Builder#commandTimeout}); {@code -ERR} answers are replies
 * ({@link EslReply#isOk()}), exceptions mean no answer came. When the connection is lost the client
 * reconnects with growing pauses and restores subscriptions, filters and the log level; commands
 * issued meanwhile fail at once with {@link EslConnectionException}. A watchdog probes a FreeSWITCH
 * that has been silent for a while and drops the connection if it does not answer.
 *
 * <p>Threads (owned, stopped by {@link #close}): one network event loop that never blocks, an event
 * pool delivering each call's events in order ({@link EslEventListener}), and a pool that completes
 * futures.
 */
public final class EslClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EslClient.class);

  private final Builder config;
  private final EslRuntime runtime;
  private final Counters counters = new Counters();
  private final Subscriptions subscriptions;
  private final List<EslEventListener> listeners = new CopyOnWriteArrayList<>();
  private final List<EslEventListener> orderedListeners = new CopyOnWriteArrayList<>();

  /** The lane of listeners that hear every event in wire order (no call's Unique-ID). */
  private static final String ORDERED_LANE = "\u0000ordered";

  private final List<EslConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
  private final Reconnector reconnector;

  /** Connection listeners hear things in the order they happened. */
  private final java.util.concurrent.Executor notices;

  private volatile EslConnection connection;
  private volatile boolean closed;

  private EslClient(Builder b) {
    this.config = b;
    this.runtime = new EslRuntime("esl", b.eventThreads, b.eventQueueCapacity);
    this.subscriptions = new Subscriptions(b.format);
    this.reconnector = new Reconnector();
    this.notices = new io.mrcpj.client.internal.SerialExecutor(runtime.callbacks());
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- commands

  /** {@code api <command>}: runs it and completes with its output. */
  public CompletableFuture<EslReply> api(String command) {
    return send(() -> EslCommand.of("api " + command));
  }

  /**
   * {@code bgapi <command>}: runs it in the background and completes with its BACKGROUND_JOB (the
   * output is {@link BackgroundJobEvent#result()}). Subscribes to BACKGROUND_JOB if needed.
   */
  public CompletableFuture<BackgroundJobEvent> bgapi(String command) {
    try {
      EslConnection c = current();
      return ensure(List.of("BACKGROUND_JOB"), "Event-Name", "BACKGROUND_JOB")
          .thenCompose(v -> c.bgapi(command));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@code event <format> <names>}: adds event names (e.g. CHANNEL_ANSWER, DTMF, ALL); words after
   * CUSTOM are subclasses. Kept across reconnects.
   */
  public CompletableFuture<EslReply> subscribe(String... names) {
    return send(() -> subscriptions.subscribe(List.of(names)));
  }

  /** Subscribes to CUSTOM events of these subclasses (e.g. {@code unimrcp::profile_open}). */
  public CompletableFuture<EslReply> subscribeCustom(String... subclasses) {
    List<String> words = new ArrayList<>();
    words.add("CUSTOM");
    words.addAll(List.of(subclasses));
    return send(() -> subscriptions.subscribe(words));
  }

  /** {@code nixevent <names>}. */
  public CompletableFuture<EslReply> unsubscribe(String... names) {
    return send(() -> subscriptions.unsubscribe(List.of(names)));
  }

  /** {@code noevents}: no more events. */
  public CompletableFuture<EslReply> noEvents() {
    return send(subscriptions::noEvents);
  }

  /** {@code filter <header> <value>}: from now on only events matching a filter come. */
  public CompletableFuture<EslReply> filter(String header, String value) {
    return send(() -> subscriptions.filter(header, value));
  }

  /** {@code filter delete <header> <value>}. */
  public CompletableFuture<EslReply> filterDelete(String header, String value) {
    return send(() -> subscriptions.filterDelete(header, value));
  }

  /** {@code log <level>} (e.g. NOTICE, DEBUG); lines reach {@link EslConnectionListener#onLog}. */
  public CompletableFuture<EslReply> log(String level) {
    return send(() -> subscriptions.log(Objects.requireNonNull(level)));
  }

  /**
   * {@code sendevent <name>} with headers and an optional body, e.g. a CUSTOM event with an {@code
   * Event-Subclass} header.
   */
  public CompletableFuture<EslReply> sendEvent(
      String name, java.util.Map<String, String> headers, String body) {
    return send(
        () -> {
          EslCommand.Builder b = EslCommand.builder("sendevent " + name);
          headers.forEach(b::header);
          if (body != null && !body.isEmpty()) {
            b.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
          return b.build();
        });
  }

  /** {@code sendmsg <uuid>} with these headers (call-command, execute-app-name, ...). */
  public CompletableFuture<EslReply> sendmsg(String uuid, java.util.Map<String, String> headers) {
    return send(
        () -> {
          EslCommand.Builder b = EslCommand.builder("sendmsg " + uuid);
          headers.forEach(b::header);
          return b.build();
        });
  }

  /** Controls a call by its Unique-ID. */
  public EslCall call(String uuid) {
    return new CallOps(uuid, new InboundPort());
  }

  // ---------------------------------------------------------------- listeners

  public Registration addListener(EslEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Adds a listener that hears every event in the order FreeSWITCH sent them, across calls (plain
   * listeners are ordered per call only). Such listeners share one lane: a slow one delays the
   * others of its kind, never the reader or plain listeners.
   */
  public Registration addOrderedListener(EslEventListener listener) {
    orderedListeners.add(listener);
    return () -> orderedListeners.remove(listener);
  }

  public Registration addConnectionListener(EslConnectionListener listener) {
    connectionListeners.add(listener);
    return () -> connectionListeners.remove(listener);
  }

  /**
   * Delivers events to {@code consumer}, in the order FreeSWITCH sent them, until one matches
   * {@code stop}; that event is not delivered but completes {@link EventConsumer#done()}, after
   * every event sent before it was delivered. The consumer is called one event at a time and never
   * again once {@code done()} has completed.
   */
  public EventConsumer consumeUntil(Predicate<EslEvent> stop, EslEventListener consumer) {
    EventConsumer c = new EventConsumer(stop, consumer);
    Registration r = addOrderedListener(c::offer);
    c.registration = r;
    if (c.done().isDone()) {
      r.close();
    }
    return c;
  }

  public boolean isConnected() {
    EslConnection c = connection;
    return c != null && c.isOpen();
  }

  public EslStats stats() {
    return counters.snapshot(runtime.lanes.dropped());
  }

  /** Sends {@code exit}, waits briefly for FreeSWITCH to answer, closes and stops the threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reconnector.cancel();
    EslConnection c = connection;
    if (c != null && c.isOpen()) {
      try {
        c.send(EslCommand.of("exit"), Duration.ofSeconds(1)).get(1500, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("exit not answered: {}", e.toString());
      }
      c.close();
    }
    runtime.shutdown();
    try {
      runtime.awaitTermination(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- internals

  private interface CommandSupplier {
    EslCommand get();
  }

  private CompletableFuture<EslReply> send(CommandSupplier command) {
    try {
      EslConnection c = current();
      return c.reply(command.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private EslConnection current() {
    EslConnection c = connection;
    if (closed) {
      throw new EslConnectionException("client closed");
    }
    if (c == null || !c.isOpen()) {
      throw new EslConnectionException("not connected to FreeSWITCH (reconnecting)");
    }
    return c;
  }

  /**
   * Subscribes the events a helper needs and, when filters are set, adds one that lets them
   * through.
   */
  private CompletableFuture<Void> ensure(List<String> names, String header, String value) {
    List<CompletableFuture<EslReply>> sent = new ArrayList<>();
    List<String> missing = subscriptions.missing(names);
    if (!missing.isEmpty()) {
      sent.add(send(() -> subscriptions.subscribe(missing)));
    }
    if (subscriptions.filtersBlock(header, value)) {
      sent.add(send(() -> subscriptions.filter(header, value)));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  private final class InboundPort implements CallOps.Port {
    @Override
    public EslConnection connection() {
      return current();
    }

    @Override
    public String sendmsgLine(String uuid) {
      return "sendmsg " + uuid;
    }

    @Override
    public CompletableFuture<Void> ensureEvents(String uuid, List<String> names) {
      return ensure(names, "Unique-ID", uuid);
    }

    @Override
    public Registration addListener(String uuid, EslEventListener listener) {
      return EslClient.this.addListener(
          e -> {
            if (uuid.equals(e.uniqueId())) {
              listener.onEvent(e);
            }
          });
    }
  }

  private final class Owner implements EslConnection.Owner {
    @Override
    public void onEvent(EslConnection c, EslEvent e) {
      runtime.lanes.deliver(e.uniqueId() == null ? "" : e.uniqueId(), e, listeners);
      runtime.lanes.deliver(ORDERED_LANE, e, orderedListeners);
    }

    @Override
    public void onLog(EslConnection c, EslMessage m) {
      tellListeners(l -> l.onLog(m));
    }

    @Override
    public void onProtocolError(EslConnection c, EslProtocolException e) {
      tellListeners(l -> l.onProtocolError(e));
    }

    @Override
    public void onClosed(EslConnection c, Throwable cause) {
      if (connection != c) {
        return;
      }
      tellListeners(l -> l.onDisconnected(cause));
      if (!closed && config.reconnect) {
        log.warn("lost FreeSWITCH at {}: {}; reconnecting", c.remote(), cause.getMessage());
        reconnector.schedule();
      }
    }
  }

  private void tellListeners(java.util.function.Consumer<EslConnectionListener> call) {
    if (connectionListeners.isEmpty()) {
      return;
    }
    notices.execute(
        () -> {
          for (EslConnectionListener l : connectionListeners) {
            try {
              call.accept(l);
            } catch (RuntimeException e) {
              log.warn("connection listener failed", e);
            }
          }
        });
  }

  /** Opens a connection, authenticates, restores subscriptions (after the first). */
  private CompletableFuture<EslConnection> open(boolean restore) {
    CompletableFuture<EslConnection> result = new CompletableFuture<>();
    EslConnection.Settings settings =
        new EslConnection.Settings(
            config.commandTimeout,
            config.maxInFlight,
            config.watchdogIdle,
            config.watchdogTimeout,
            config.maxHeaderBytes,
            config.maxBodyBytes);
    EslConnection[] made = new EslConnection[1];
    Owner owner = new Owner();
    Bootstrap b =
        new Bootstrap()
            .group(runtime.loops)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    made[0] = new EslConnection(ch, settings, owner, runtime.callbacks(), counters);
                  }
                });
    ChannelFuture cf;
    try {
      cf = b.connect(config.host, config.port);
    } catch (RuntimeException e) {
      result.completeExceptionally(new EslConnectionException(e.getMessage(), e));
      return result;
    }
    cf.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(
                new EslConnectionException(
                    "cannot connect to FreeSWITCH at "
                        + config.host
                        + ":"
                        + config.port
                        + ": "
                        + f.cause().getMessage(),
                    f.cause()));
            return;
          }
          EslConnection c = made[0];
          Channel ch = cf.channel();
          c.authenticate(config.password)
              .orTimeout(config.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .thenCompose(v -> restore ? restore(c) : CompletableFuture.completedFuture(null))
              .whenComplete(
                  (v, e) -> {
                    if (e == null) {
                      result.complete(c);
                      return;
                    }
                    Throwable cause = unwrap(e);
                    if (cause instanceof java.util.concurrent.TimeoutException) {
                      cause = new EslTimeoutException("FreeSWITCH did not authenticate in time");
                    }
                    ch.close();
                    result.completeExceptionally(cause);
                  });
        });
    return result;
  }

  private CompletableFuture<Void> restore(EslConnection c) {
    List<CompletableFuture<EslMessage>> sent = new ArrayList<>();
    for (EslCommand cmd : subscriptions.replay()) {
      sent.add(c.send(cmd));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof java.util.concurrent.CompletionException
            || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Reconnects with growing, jittered pauses until it succeeds or the client closes; at most one
   * reconnect runs at a time.
   */
  private final class Reconnector {
    private long delayMillis;
    private boolean active;
    private io.netty.util.concurrent.ScheduledFuture<?> pending;

    synchronized void schedule() {
      if (closed || active) {
        return;
      }
      active = true;
      next();
    }

    private synchronized void next() {
      if (closed) {
        active = false;
        return;
      }
      delayMillis =
          delayMillis == 0
              ? config.reconnectMin.toMillis()
              : Math.min(config.reconnectMax.toMillis(), delayMillis * 2);
      long jittered = delayMillis / 2 + ThreadLocalRandom.current().nextLong(delayMillis / 2 + 1);
      try {
        pending = runtime.loops.schedule(this::attempt, jittered, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        active = false;
      }
    }

    synchronized void cancel() {
      if (pending != null) {
        pending.cancel(false);
      }
      active = false;
    }

    private void attempt() {
      if (closed) {
        return;
      }
      open(true)
          .whenComplete(
              (c, e) -> {
                if (e != null) {
                  log.info("reconnect to FreeSWITCH failed: {}", unwrap(e).getMessage());
                  next();
                  return;
                }
                if (closed) {
                  c.close();
                  return;
                }
                synchronized (this) {
                  delayMillis = 0;
                  active = false;
                }
                connection = c;
                counters.reconnects.increment();
                log.info("reconnected to FreeSWITCH at {}", c.remote());
                tellListeners(l -> l.onConnected(true));
                if (!c.isOpen()) {
                  schedule();
                }
              });
    }
  }

  private CompletableFuture<EslClient> start() {
    return open(false)
        .thenApply(
            c -> {
              connection = c;
              if (!c.isOpen() && config.reconnect) {
                reconnector.schedule();
              }
              tellListeners(l -> l.onConnected(false));
              return this;
            })
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                closed = true;
                runtime.shutdown();
              }
            });
  }

  /** Settings of a client; {@link #connect()} makes one. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8021;
    private String password = "ClueCon";
    private EventFormat format = EventFormat.JSON;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration commandTimeout = Duration.ofSeconds(10);
    private boolean reconnect = true;
    private Duration reconnectMin = Duration.ofMillis(100);
    private Duration reconnectMax = Duration.ofSeconds(10);
    private Duration watchdogIdle = Duration.ofSeconds(30);
    private Duration watchdogTimeout = Duration.ofSeconds(10);
    private int eventThreads = 2;
    private int eventQueueCapacity = 10_000;
    private int maxInFlight = 10_000;
    private int maxHeaderBytes = 256 * 1024;
    private int maxBodyBytes = 8 * 1024 * 1024;

    private Builder() {}

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password);
      return this;
    }

    /** Event format for subscriptions (JSON by default). */
    public Builder eventFormat(EventFormat format) {
      this.format = Objects.requireNonNull(format);
      return this;
    }

    /** TCP connect plus authentication (5 s by default). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d);
      return this;
    }

    /** How long a command waits for its answer (10 s by default). */
    public Builder commandTimeout(Duration d) {
      this.commandTimeout = positive(d);
      return this;
    }

    /** Reconnect after a lost connection (on by default), pausing min, doubling up to max. */
    public Builder reconnect(boolean on, Duration min, Duration max) {
      this.reconnect = on;
      this.reconnectMin = positive(min);
      this.reconnectMax = positive(max);
      return this;
    }

    /**
     * Probe FreeSWITCH after {@code idle} without a byte from it and drop the connection if the
     * probe is not answered within {@code timeout} (30 s and 10 s by default); null idle turns the
     * watchdog off.
     */
    public Builder watchdog(Duration idle, Duration timeout) {
      this.watchdogIdle = idle == null ? null : positive(idle);
      this.watchdogTimeout = positive(timeout);
      return this;
    }

    /** Threads that run event listeners (2 by default). */
    public Builder eventThreads(int n) {
      this.eventThreads = atLeastOne(n);
      return this;
    }

    /** Events that may wait for listeners before new ones are dropped (10,000 by default). */
    public Builder eventQueueCapacity(int n) {
      this.eventQueueCapacity = atLeastOne(n);
      return this;
    }

    /** Commands, and separately background jobs, that may wait at once (10,000 by default). */
    public Builder maxInFlight(int n) {
      this.maxInFlight = atLeastOne(n);
      return this;
    }

    /** Largest header block and body accepted (256 KiB and 8 MiB by default). */
    public Builder maxFrame(int headerBytes, int bodyBytes) {
      this.maxHeaderBytes = atLeastOne(headerBytes);
      this.maxBodyBytes = atLeastOne(bodyBytes);
      return this;
    }

    /**
     * Connects and authenticates. Fails with {@link EslConnectionException} when FreeSWITCH cannot
     * be reached, {@link EslAuthException} when it refuses the password.
     */
    public CompletableFuture<EslClient> connect() {
      return new EslClient(this).start();
    }

    private static Duration positive(Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("duration must be positive: " + d);
      }
      return d;
    }

    private static int atLeastOne(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("must be at least 1: " + n);
      }
      return n;
    }
  }
}
