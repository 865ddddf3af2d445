package io.mrcpj.client.esl;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A long-running consumer of events ({@link EslClient#consumeUntil}) that stops when a chosen event
 * arrives (for example a CUSTOM event an operator sends with {@code sendevent}) or when closed. The
 * consumer is called one event at a time, and never again once {@link #done()} has completed.
 */
public final class EventConsumer implements AutoCloseable {

  private final Predicate<EslEvent> stop;
  private final EslEventListener consumer;
  private final CompletableFuture<EslEvent> done = new CompletableFuture<>();
  volatile Registration registration;
  private boolean stopped;

  EventConsumer(Predicate<EslEvent> stop, EslEventListener consumer) {
    this.stop = stop;
    this.consumer = consumer;
  }

  /** Completes with the event that stopped it, or null when it was closed. */
  public CompletableFuture<EslEvent> done() {
    return done;
  }

  synchronized void offer(EslEvent e) {
    if (stopped) {
      return;
    }
    if (stop.test(e)) {
      finish(e);
      return;
    }
    consumer.onEvent(e);
  }

  /** Stops delivering; {@link #done()} completes with null. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      finish(null);
    }
  }

  private void finish(EslEvent e) {
    stopped = true;
    Registration r = registration;
    if (r != null) {
      r.close();
    }
    done.complete(e);
  }
}
