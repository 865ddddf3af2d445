package io.mrcpj.client.esl;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Event Socket connection, inbound or outbound. Replies are matched to commands in order
 * (FreeSWITCH answers each command in turn); events are parsed, repeats dropped, background jobs
 * and application runs completed, and the rest handed to the {@link Owner}. Everything here runs on
 * the channel's event loop and never blocks; futures complete on the callback executor.
 *
 * <p>Every command has a timeout; a late answer is discarded when it comes. When the connection
 * closes, every waiting command, job and application run fails with the reason.
 */
final class EslConnection {

  private static final Logger log = LoggerFactory.getLogger(EslConnection.class);

  /** What the owner of the connection (client, outbound call) is told, on the event loop. */
  interface Owner {
    void onEvent(EslConnection c, EslEvent e);

    default void onLog(EslConnection c, EslMessage m) {}

    default void onDisconnectNotice(EslConnection c, EslMessage m) {}

    void onProtocolError(EslConnection c, EslProtocolException e);

    void onClosed(EslConnection c, Throwable cause);
  }

  /**
   * @param commandTimeout how long a command waits for its answer
   * @param maxInFlight most commands waiting for answers at once
   * @param idleProbe after this long without a byte from FreeSWITCH, and no command waiting, send a
   *     probe ({@code api status}); null for no watchdog
   * @param probeTimeout close the connection when the probe is not answered within this
   */
  record Settings(
      Duration commandTimeout,
      int maxInFlight,
      Duration idleProbe,
      Duration probeTimeout,
      int maxHeaderBytes,
      int maxBodyBytes) {}

  private static final class Pending {
    final String what;
    final CompletableFuture<EslMessage> future;
    ScheduledFuture<?> timer;
    boolean over;

    Pending(String what, CompletableFuture<EslMessage> future) {
      this.what = what;
      this.future = future;
    }
  }

  private final Channel channel;
  private final Settings settings;
  private final Owner owner;
  private final Executor callbacks;
  private final Counters counters;
  final BackgroundJobs jobs;
  final CallTracker calls;

  // event loop only
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final RecentEvents recent = new RecentEvents(128);
  private boolean authRequested;
  private CompletableFuture<Void> authArrived;
  private boolean probing;
  private EslMessage disconnectNotice;
  private volatile Throwable closeReason;

  private volatile boolean closed;

  EslConnection(
      Channel channel, Settings settings, Owner owner, Executor callbacks, Counters counters) {
    this.channel = channel;
    this.settings = settings;
    this.owner = owner;
    this.callbacks = callbacks;
    this.counters = counters;
    this.jobs = new BackgroundJobs(callbacks);
    this.calls = new CallTracker(callbacks);
    if (settings.idleProbe() != null) {
      channel
          .pipeline()
          .addLast(
              new IdleStateHandler(settings.idleProbe().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    }
    channel
        .pipeline()
        .addLast(new EslFrameDecoder(settings.maxHeaderBytes(), settings.maxBodyBytes()))
        .addLast(new Inbound());
    channel.closeFuture().addListener(f -> channel.eventLoop().execute(this::onClose));
  }

  boolean isOpen() {
    return !closed && channel.isActive();
  }

  /** The last disconnect notice FreeSWITCH sent, or null. */
  EslMessage disconnectNotice() {
    return disconnectNotice;
  }

  String remote() {
    return String.valueOf(channel.remoteAddress());
  }

  // ---------------------------------------------------------------- commands

  CompletableFuture<EslMessage> send(EslCommand cmd) {
    return send(cmd, settings.commandTimeout());
  }

  CompletableFuture<EslMessage> send(EslCommand cmd, Duration timeout) {
    CompletableFuture<EslMessage> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(closedException());
      return f;
    }
    try {
      channel.eventLoop().execute(() -> enqueue(cmd, f, timeout));
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new EslConnectionException("connection closed"));
    }
    return f;
  }

  /** Sends a command and maps its answer to a reply. */
  CompletableFuture<EslReply> reply(EslCommand cmd) {
    return send(cmd).thenApply(EslReply::new);
  }

  /** {@code bgapi} with a Job-UUID of our own; completes with the BACKGROUND_JOB. */
  CompletableFuture<BackgroundJobEvent> bgapi(String command) {
    String id = UUID.randomUUID().toString();
    CompletableFuture<BackgroundJobEvent> job = new CompletableFuture<>();
    EslCommand cmd;
    try {
      cmd = EslCommand.builder("bgapi " + command).header("Job-UUID", id).build();
    } catch (IllegalArgumentException e) {
      job.completeExceptionally(e);
      return job;
    }
    if (jobs.size() >= settings.maxInFlight()) {
      job.completeExceptionally(
          new EslException("more than " + settings.maxInFlight() + " background jobs waiting"));
      return job;
    }
    jobs.expect(id, job);
    send(cmd)
        .whenComplete(
            (m, e) -> {
              if (e != null) {
                job.completeExceptionally(e);
                return;
              }
              EslReply r = new EslReply(m);
              if (!r.isOk()) {
                job.completeExceptionally(new EslCommandException(cmd.line(), r.text()));
              } else if (r.jobUuid() != null && !r.jobUuid().equals(id)) {
                channel.eventLoop().execute(() -> jobs.renamed(id, r.jobUuid()));
              }
            });
    return job;
  }

  private void enqueue(EslCommand cmd, CompletableFuture<EslMessage> f, Duration timeout) {
    if (closed) {
      f.completeExceptionally(closedException());
      return;
    }
    if (pending.size() >= settings.maxInFlight()) {
      f.completeExceptionally(
          new EslException(
              "more than " + settings.maxInFlight() + " commands waiting for an answer"));
      return;
    }
    Pending p = new Pending(cmd.line(), f);
    pending.add(p);
    p.timer =
        channel
            .eventLoop()
            .schedule(() -> expire(p, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(cmd.encode()))
        .addListener(
            w -> {
              if (!w.isSuccess()) {
                closeReason = new EslConnectionException("write failed: " + w.cause(), w.cause());
                channel.close();
              }
            });
  }

  private void expire(Pending p, Duration timeout) {
    if (p.over) {
      return;
    }
    p.over = true;
    EslTimeoutException e =
        new EslTimeoutException(
            "no answer to \"" + abbreviate(p.what) + "\" within " + timeout.toMillis() + " ms");
    callbacks.execute(() -> p.future.completeExceptionally(e));
  }

  /** Waits for FreeSWITCH's auth/request, then authenticates (inbound connections). */
  CompletableFuture<Void> authenticate(String password) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    EslCommand auth;
    try {
      auth = EslCommand.of("auth " + password);
    } catch (IllegalArgumentException e) {
      done.completeExceptionally(e);
      return done;
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              authArrived = new CompletableFuture<>();
              if (authRequested) {
                authArrived.complete(null);
              }
              authArrived
                  .thenCompose(v -> send(auth))
                  .whenComplete(
                      (m, e) -> {
                        if (e != null) {
                          done.completeExceptionally(e);
                          return;
                        }
                        EslReply r = new EslReply(m);
                        if (r.isOk()) {
                          done.complete(null);
                        } else {
                          done.completeExceptionally(
                              new EslAuthException("FreeSWITCH refused the password: " + r.text()));
                        }
                      });
            });
    return done;
  }

  void close() {
    channel.close();
  }

  void close(Throwable reason) {
    channel
        .eventLoop()
        .execute(
            () -> {
              if (closeReason == null) {
                closeReason = reason;
              }
              channel.close();
            });
  }

  // ---------------------------------------------------------------- input

  private final class Inbound extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof EslFrameDecoder.Error err) {
        malformed(err);
      } else if (msg instanceof EslMessage m) {
        frame(m);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        probe();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("ESL connection {} failed", remote(), cause);
      if (closeReason == null) {
        closeReason = new EslConnectionException(String.valueOf(cause.getMessage()), cause);
      }
      ctx.close();
    }
  }

  private void frame(EslMessage m) {
    switch (m.contentType()) {
      case EslMessage.COMMAND_REPLY, EslMessage.API_RESPONSE -> answer(m);
      case EslMessage.EVENT_PLAIN, EslMessage.EVENT_JSON, EslMessage.EVENT_XML -> event(m);
      case EslMessage.AUTH_REQUEST -> {
        authRequested = true;
        if (authArrived != null) {
          authArrived.complete(null);
        }
      }
      case EslMessage.DISCONNECT_NOTICE -> {
        disconnectNotice = m;
        owner.onDisconnectNotice(this, m);
      }
      case EslMessage.RUDE_REJECTION -> {
        closeReason =
            new EslAuthException("FreeSWITCH refused the connection: " + m.bodyText().strip());
        if (authArrived != null) {
          authArrived.completeExceptionally(closeReason);
        }
      }
      case EslMessage.LOG_DATA -> owner.onLog(this, m);
      default ->
          protocolError(
              new EslProtocolException(
                  "frame of unknown Content-Type \"" + m.contentType() + "\""));
    }
  }

  private void answer(EslMessage m) {
    Pending p = pending.poll();
    if (p == null) {
      protocolError(new EslProtocolException("an answer no command waits for: " + m));
      return;
    }
    settle(p, m, null);
  }

  /** Completes a waiting command once (with its answer, or the error), on the callback pool. */
  private void settle(Pending p, EslMessage answer, Throwable error) {
    p.timer.cancel(false);
    if (p.over) {
      return;
    }
    p.over = true;
    CompletableFuture<EslMessage> f = p.future;
    callbacks.execute(
        () -> {
          if (error != null) {
            f.completeExceptionally(error);
          } else {
            f.complete(answer);
          }
        });
  }

  private void event(EslMessage m) {
    EslEvent e;
    try {
      e = EslEventParser.parse(m);
    } catch (EslProtocolException ex) {
      protocolError(ex);
      return;
    }
    if (recent.isDuplicate(e, m.body())) {
      counters.duplicates.increment();
      return;
    }
    counters.events.increment();
    if (e instanceof BackgroundJobEvent j) {
      jobs.onEvent(j);
    }
    calls.onEvent(e);
    owner.onEvent(this, e);
  }

  private void malformed(EslFrameDecoder.Error err) {
    EslProtocolException ex = new EslProtocolException(err.reason());
    String type = err.contentType();
    if (type.equals(EslMessage.COMMAND_REPLY) || type.equals(EslMessage.API_RESPONSE)) {
      Pending p = pending.poll();
      if (p != null) {
        settle(p, null, ex);
      }
    }
    protocolError(ex);
  }

  private void protocolError(EslProtocolException ex) {
    counters.malformed.increment();
    log.warn("ESL connection {}: {}", remote(), ex.getMessage());
    owner.onProtocolError(this, ex);
  }

  /** Nothing came for a while: ask something cheap, unless a command is still waiting anyway. */
  private void probe() {
    if (probing || closed || pending.stream().anyMatch(p -> !p.over)) {
      return;
    }
    probing = true;
    send(EslCommand.of("api status"), settings.probeTimeout())
        .whenComplete(
            (m, e) -> {
              channel.eventLoop().execute(() -> probing = false);
              if (e instanceof EslTimeoutException) {
                counters.watchdogCloses.increment();
                log.warn("ESL connection {}: no answer to the watchdog's probe; closing", remote());
                close(new EslConnectionException("FreeSWITCH stopped answering (watchdog)"));
              }
            });
  }

  private void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    Throwable cause = closedException();
    for (Pending p; (p = pending.poll()) != null; ) {
      settle(p, null, cause);
    }
    if (authArrived != null) {
      authArrived.completeExceptionally(cause);
    }
    jobs.failAll(cause);
    calls.failAll(cause);
    owner.onClosed(this, cause);
  }

  private Throwable closedException() {
    if (closeReason != null) {
      return closeReason;
    }
    return new EslConnectionException(
        disconnectNotice != null
            ? "FreeSWITCH disconnected ("
                + disconnectNotice.bodyText().strip().lines().findFirst().orElse("")
                + ")"
            : "connection closed");
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
