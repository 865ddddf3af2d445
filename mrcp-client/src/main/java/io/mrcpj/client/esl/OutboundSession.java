package io.mrcpj.client.esl;

import io.netty.channel.socket.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound socket from FreeSWITCH: {@code connect}, {@code myevents}, {@code linger}, then the
 * handler on its own thread; the socket closes when the handler returns, when FreeSWITCH closes it,
 * or when the call has been over for the linger limit.
 */
final class OutboundSession implements EslConnection.Owner {

  private static final Logger log = LoggerFactory.getLogger(OutboundSession.class);

  private final EslOutboundServer.Builder config;
  private final EslRuntime runtime;
  private final Counters counters;
  private final Executor handlers;
  private final Runnable onEnd;
  private final List<EslEventListener> listeners = OutboundCall.newListenerList();
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
  private final CompletableFuture<CallHangupEvent> hungUp = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private EslConnection connection;
  private SocketChannel channel;
  private volatile String uuid;

  OutboundSession(
      EslOutboundServer.Builder config,
      EslRuntime runtime,
      Counters counters,
      Executor handlers,
      Runnable onEnd) {
    this.config = config;
    this.runtime = runtime;
    this.counters = counters;
    this.handlers = handlers;
    this.onEnd = onEnd;
  }

  void start(SocketChannel ch, EslConnection.Settings settings) {
    this.channel = ch;
    this.connection = new EslConnection(ch, settings, this, runtime.callbacks(), counters);
    ch.eventLoop().execute(this::connect);
  }

  private void connect() {
    connection
        .send(EslCommand.of("connect"), config.connectTimeout)
        .whenComplete(
            (m, e) -> {
              if (e != null) {
                log.warn(
                    "outbound socket {}: no channel data: {}", connection.remote(), e.toString());
                end();
                return;
              }
              EslEvent data = EslEventParser.fromHeaderBlock(m.headers());
              String reply = data.header("Reply-Text");
              if (reply == null || !reply.startsWith("+OK") || data.uniqueId() == null) {
                log.warn("outbound socket {}: connect refused: {}", connection.remote(), reply);
                end();
                return;
              }
              uuid = data.uniqueId();
              ChannelEvent channelData =
                  data instanceof ChannelEvent c ? c : new ChannelEvent(data);
              prepare(channelData);
            });
  }

  private void prepare(ChannelEvent data) {
    CompletableFuture<EslMessage> events = connection.send(EslCommand.of("myevents"));
    CompletableFuture<EslMessage> linger =
        switch (config.linger) {
          case UNTIL_CLOSED -> connection.send(EslCommand.of("linger"));
          case TIMED ->
              connection.send(
                  EslCommand.of("linger " + Math.max(1, config.lingerLimit.toSeconds())));
          case NONE -> CompletableFuture.completedFuture(null);
        };
    CompletableFuture.allOf(events, linger)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                log.warn("outbound call {}: setup failed: {}", uuid, e.toString());
                end();
                return;
              }
              OutboundCall call =
                  new OutboundCall(connection, data, listeners, disconnected, hungUp);
              try {
                handlers.execute(() -> run(call));
              } catch (RejectedExecutionException ex) {
                log.warn("outbound call {}: no handler thread", uuid);
                end();
              }
            });
  }

  private void run(OutboundCall call) {
    try {
      config.handler.onCall(call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      log.warn("outbound call {}: handler failed", uuid, e);
    } finally {
      end();
    }
  }

  /** Closes the socket and frees the call's slot, once. */
  private void end() {
    connection.close();
    if (ended.compareAndSet(false, true)) {
      onEnd.run();
    }
  }

  @Override
  public void onEvent(EslConnection c, EslEvent e) {
    if (e instanceof CallHangupEvent h) {
      runtime.callbacks().execute(() -> hungUp.complete(h));
    }
    String key = e.uniqueId() != null ? e.uniqueId() : uuid != null ? uuid : "";
    runtime.lanes.deliver(key, e, listeners);
  }

  @Override
  public void onDisconnectNotice(EslConnection c, EslMessage m) {
    if (!"linger".equalsIgnoreCase(m.header("Content-Disposition"))) {
      return;
    }
    runtime.callbacks().execute(() -> hungUp.complete(null));
    if (config.linger == EslOutboundServer.Builder.Linger.UNTIL_CLOSED) {
      channel
          .eventLoop()
          .schedule(
              () -> {
                if (c.isOpen()) {
                  log.warn(
                      "outbound call {}: handler still running {} s after the hangup; closing",
                      uuid,
                      config.lingerLimit.toSeconds());
                  c.close();
                }
              },
              config.lingerLimit.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void onProtocolError(EslConnection c, EslProtocolException e) {
    // counted and logged by the connection; the call goes on
  }

  @Override
  public void onClosed(EslConnection c, Throwable cause) {
    runtime
        .callbacks()
        .execute(
            () -> {
              hungUp.completeExceptionally(cause);
              disconnected.complete(null);
            });
    if (uuid == null && ended.compareAndSet(false, true)) {
      onEnd.run();
    }
  }
}
