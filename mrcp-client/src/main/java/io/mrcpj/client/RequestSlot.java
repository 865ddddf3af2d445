package io.mrcpj.client;

import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one long-running request of a channel (a SPEAK, a RECORD): runs from the request until the
 * event that completes it, a STOP, a timeout or the end of the session. Claiming the run for its
 * outcome is atomic, so a completion, a stop and a timeout racing each other settle it once.
 *
 * @param <R> the outcome
 */
final class RequestSlot<R> {

  /** One request in flight. */
  static class Run<R> {
    final CompletableFuture<R> future = new CompletableFuture<>();
    volatile long requestId = -1;
    private ScheduledFuture<?> timer;
    private boolean claimed; // guarded by the slot

    /** True for an event or response about this request. */
    boolean is(long id) {
      return requestId == id;
    }
  }

  private final ChannelRequests requests;
  private final String method;
  private Run<R> active;
  private boolean ended;

  RequestSlot(ChannelRequests requests, String method) {
    this.requests = requests;
    this.method = method;
  }

  /**
   * Makes {@code run} the request in flight, with a fresh request-id, and arms its timeout (the
   * task runs on the session's serial executor).
   *
   * @return null when it started; else a failed future saying why not
   */
  CompletableFuture<R> start(Run<R> run, Duration timeout, Runnable onTimeout) {
    synchronized (this) {
      if (ended) {
        return CompletableFuture.failedFuture(new MrcpClientException("session is closed"));
      }
      if (active != null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("a " + method + " is already in progress on this channel"));
      }
      active = run;
      run.requestId = requests.nextId();
      run.timer =
          requests
              .scheduler()
              .schedule(
                  () -> requests.serial().execute(onTimeout),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
    }
    return null;
  }

  /**
   * Sends the request of {@code run} (after {@link #start}). A transport failure fails the run,
   * then {@code failed} runs; a refusal or a COMPLETE response goes to {@code ended}; IN-PROGRESS
   * or PENDING to {@code accepted}, while the run is still in flight. The response is handled in
   * its wire place among the channel's events (on the serial executor, not hopping again).
   */
  void send(
      Run<R> run,
      MrcpRequest.Builder request,
      Consumer<MrcpResponse> ended,
      Runnable accepted,
      Runnable failed) {
    requests
        .send(request, run.requestId, null)
        .whenComplete(
            (resp, err) -> {
              if (err != null) {
                if (fail(run, ClientSession.unwrap(err))) {
                  failed.run();
                }
              } else if (!resp.status().isSuccess() || resp.state() == RequestState.COMPLETE) {
                ended.accept(resp);
              } else if (active() == run) {
                accepted.run();
              }
            });
  }

  /** Waits for {@code outcome} at most {@code timeout} + 5 s (the blocking forms). */
  static <T> T await(CompletableFuture<T> outcome, Duration timeout)
      throws MrcpClientException, TimeoutException, InterruptedException {
    try {
      return outcome.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw ClientSession.rethrow(e.getCause());
    }
  }

  /** The request in flight, or null. */
  synchronized Run<R> active() {
    return active;
  }

  /**
   * Claims {@code run} for its outcome: true once, while it is in flight and nobody claimed it. Its
   * timer stops; it stays in flight (later starts are refused) until {@link #release}.
   */
  boolean claim(Run<R> run) {
    synchronized (this) {
      if (active != run || run.claimed) {
        return false;
      }
      run.claimed = true;
    }
    run.timer.cancel(false);
    return true;
  }

  /** A claimed run's outcome is ready: the slot is free again; then completes its future. */
  void release(Run<R> run, R outcome) {
    synchronized (this) {
      if (active == run) {
        active = null;
      }
    }
    run.future.complete(outcome);
  }

  /** Fails {@code run} unless it was claimed; true when it did. */
  boolean fail(Run<R> run, Throwable why) {
    synchronized (this) {
      if (active != run || run.claimed) {
        return false;
      }
      active = null;
    }
    run.timer.cancel(false);
    run.future.completeExceptionally(why);
    return true;
  }

  /** The session ended: no more starts, and the run in flight (unless claimed) fails. */
  void end(String reason) {
    Run<R> r;
    synchronized (this) {
      ended = true;
      r = active;
    }
    if (r != null) {
      fail(r, new MrcpClientException("session ended: " + reason));
    }
  }
}
