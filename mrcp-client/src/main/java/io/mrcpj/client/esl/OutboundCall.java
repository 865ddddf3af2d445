package io.mrcpj.client.esl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A call FreeSWITCH handed to the application with {@code socket <host:port> async full}: the
 * channel's data from {@code connect}, and control of the call over the same socket. The connection
 * closes when the handler returns (or FreeSWITCH closes it); futures still waiting then fail with
 * {@link EslConnectionException}.
 */
public final class OutboundCall implements EslCall, AutoCloseable {

  private final EslConnection connection;
  private final ChannelEvent channelData;
  private final CallOps ops;
  private final List<EslEventListener> listeners;
  private final CompletableFuture<Void> disconnected;
  private final CompletableFuture<CallHangupEvent> hungUp;

  OutboundCall(
      EslConnection connection,
      ChannelEvent channelData,
      List<EslEventListener> listeners,
      CompletableFuture<Void> disconnected,
      CompletableFuture<CallHangupEvent> hungUp) {
    this.connection = connection;
    this.channelData = channelData;
    this.listeners = listeners;
    this.disconnected = disconnected;
    this.hungUp = hungUp;
    this.ops = new CallOps(channelData.uniqueId(), new Port());
  }

  /** The channel's data FreeSWITCH sent in answer to {@code connect} (event CHANNEL_DATA). */
  public ChannelEvent channelData() {
    return channelData;
  }

  @Override
  public String uuid() {
    return ops.uuid();
  }

  /** {@code api <command>} over this socket. */
  public CompletableFuture<EslReply> api(String command) {
    return send("api " + command);
  }

  /** {@code bgapi <command>} over this socket; completes with its BACKGROUND_JOB. */
  public CompletableFuture<BackgroundJobEvent> bgapi(String command) {
    return connection.bgapi(command);
  }

  /** {@code linger <seconds>}: keep the socket open this long after the call hangs up. */
  public CompletableFuture<EslReply> linger(Duration d) {
    return send("linger " + Math.max(1, d.toSeconds()));
  }

  /** {@code nolinger}. */
  public CompletableFuture<EslReply> noLinger() {
    return send("nolinger");
  }

  @Override
  public CompletableFuture<ExecuteCompleteEvent> execute(String application, String argument) {
    return ops.execute(application, argument);
  }

  @Override
  public CompletableFuture<EslReply> hangup(String cause) {
    return ops.hangup(cause);
  }

  @Override
  public CompletableFuture<EslReply> setVariable(String name, String value) {
    return ops.setVariable(name, value);
  }

  @Override
  public CompletableFuture<SpeechResult> playAndDetectSpeech(
      String prompt, String engine, String grammar, Map<String, String> params) {
    return ops.playAndDetectSpeech(prompt, engine, grammar, params);
  }

  @Override
  public CompletableFuture<ScheduledHangup> hangupAfter(Duration delay) {
    return ops.hangupAfter(delay);
  }

  @Override
  public CompletableFuture<ScheduledHangup> hangupAfter(Duration delay, String cause) {
    return ops.hangupAfter(delay, cause);
  }

  /** Every event this socket receives (with {@code myevents}: the call's own). */
  @Override
  public Registration addListener(EslEventListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Completes when the call hangs up (CHANNEL_HANGUP or FreeSWITCH's linger notice). */
  public CompletableFuture<CallHangupEvent> hungUp() {
    return hungUp;
  }

  /** Completes when the socket is closed, by either side. */
  public CompletableFuture<Void> disconnected() {
    return disconnected;
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  /** Closes the socket (FreeSWITCH then goes on with the dialplan, or hangs up). */
  @Override
  public void close() {
    connection.close();
  }

  private CompletableFuture<EslReply> send(String line) {
    try {
      return connection.reply(EslCommand.of(line));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private final class Port implements CallOps.Port {
    @Override
    public EslConnection connection() {
      if (!connection.isOpen()) {
        throw new EslConnectionException("the call's socket is closed");
      }
      return connection;
    }

    @Override
    public String sendmsgLine(String uuid) {
      return "sendmsg";
    }

    @Override
    public CompletableFuture<Void> ensureEvents(String uuid, List<String> names) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Registration addListener(String uuid, EslEventListener listener) {
      return OutboundCall.this.addListener(listener);
    }
  }

  static List<EslEventListener> newListenerList() {
    return new CopyOnWriteArrayList<>();
  }
}
