package io.mrcpj.client;

import io.mrcpj.client.internal.MrcpConnection;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.HeaderValueException;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Sends the requests of one channel of a session (RFC 6787 section 5.2): fills in the
 * Channel-Identifier and a request-id from the session's counter (unique across its channels),
 * matches the response by them, and bounds the wait by the client's request timeout. A response
 * completes the future whatever its status (a 4xx is an answer); only a transport failure or the
 * timeout fails it, with {@link MrcpClientException}.
 */
final class ChannelRequests {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ChannelRequests.class);

  private final ChannelId channel;
  private final MrcpConnection connection;
  private final AtomicLong ids;
  private final Executor serial;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final BooleanSupplier closed;

  /**
   * @param serial where the response futures complete (the session's order)
   * @param closed true once the session ended: requests then fail at once
   */
  ChannelRequests(
      ChannelId channel,
      MrcpConnection connection,
      AtomicLong ids,
      Executor serial,
      ScheduledExecutorService scheduler,
      Duration timeout,
      BooleanSupplier closed) {
    this.channel = channel;
    this.connection = connection;
    this.ids = ids;
    this.serial = serial;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.closed = closed;
  }

  ChannelId channel() {
    return channel;
  }

  MrcpConnection connection() {
    return connection;
  }

  Executor serial() {
    return serial;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** A fresh request-id. */
  long nextId() {
    return ids.getAndIncrement();
  }

  /** Sends {@code request} with a fresh request-id. */
  CompletableFuture<MrcpResponse> send(MrcpRequest.Builder request) {
    return send(request, nextId(), null);
  }

  /**
   * Sends {@code request} as {@code requestId}. The future completes on the session's serial
   * executor, in wire order with the channel's events.
   *
   * @param arrived told {@link System#nanoTime()} when the response arrives, on the event loop
   */
  CompletableFuture<MrcpResponse> send(
      MrcpRequest.Builder request, long requestId, LongConsumer arrived) {
    if (closed.getAsBoolean()) {
      return CompletableFuture.failedFuture(new MrcpClientException("session is closed"));
    }
    MrcpRequest r = request.channelId(channel).requestId(requestId).build();
    CompletableFuture<MrcpResponse> out = new CompletableFuture<>();
    CompletableFuture<MrcpResponse> sent = connection.send(r);
    if (arrived != null) {
      sent.whenComplete((resp, err) -> arrived.accept(System.nanoTime()));
    }
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () -> {
              connection.forget(r);
              sent.completeExceptionally(
                  new MrcpClientException(
                      "no response to " + r.method() + " " + r.requestId() + " in " + timeout));
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    sent.whenCompleteAsync(
        (resp, err) -> {
          timer.cancel(false);
          if (err != null) {
            out.completeExceptionally(ClientSession.unwrap(err));
          } else {
            out.complete(resp);
          }
        },
        serial);
    return out;
  }

  /**
   * The request-ids a response names in Active-Request-Id-List (RFC 6787 section 6.2): the requests
   * a STOP or BARGE-IN-OCCURRED ended; empty when none or unreadable.
   */
  static List<Long> activeIds(MrcpResponse resp) {
    try {
      return resp.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).orElse(List.of());
    } catch (HeaderValueException e) {
      log.warn("unreadable Active-Request-Id-List: {}", e.getMessage());
      return List.of();
    }
  }

  /**
   * SET-PARAMS (RFC 6787 section 6.1.1): session defaults for later requests. The response says
   * 200, 201 (some ignored), or 403/404/409 echoing the offending headers.
   */
  CompletableFuture<MrcpResponse> setParams(Map<String, String> params) {
    MrcpRequest.Builder b = MrcpRequest.builder().method(MrcpMethod.SET_PARAMS);
    params.forEach(b::header);
    return send(b);
  }

  /**
   * GET-PARAMS (section 6.1.2): the current values of the named parameters, or of all of them when
   * none is named; the values are the response's headers.
   */
  CompletableFuture<MrcpResponse> getParams(String... names) {
    MrcpRequest.Builder b = MrcpRequest.builder().method(MrcpMethod.GET_PARAMS);
    for (String n : names) {
      b.header(n, "");
    }
    return send(b);
  }
}
