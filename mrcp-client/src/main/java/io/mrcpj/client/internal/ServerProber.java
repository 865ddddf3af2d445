package io.mrcpj.client.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every server of a {@link ServerPool} with a SIP OPTIONS (RFC 3261 section 11) at a fixed
 * delay: a 2xx marks it UP; a status after which another server would be tried (408, 480, 486, 5xx,
 * with its Retry-After) or no answer within the timeout marks it DOWN; any other answer shows the
 * server is there but says nothing about new sessions, and changes nothing.
 *
 * <p>The timer only hands each round to the callback executor, where the requests are sent (a TCP
 * connect may block); a server still waiting for its last probe is skipped. Stops with the timer.
 */
public final class ServerProber {

  private static final Logger log = LoggerFactory.getLogger(ServerProber.class);

  private final ServerPool pool;
  private final SipUac sip;
  private final Executor callbacks;
  private final Duration timeout;
  private final Set<ServerPool.Target> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  public ServerProber(ServerPool pool, SipUac sip, Executor callbacks, Duration timeout) {
    this.pool = pool;
    this.sip = sip;
    this.callbacks = callbacks;
    this.timeout = timeout;
  }

  /** Probes every {@code every}, the first round after one interval. */
  public void start(ScheduledExecutorService timer, Duration every) {
    long ms = every.toMillis();
    timer.scheduleWithFixedDelay(this::roundSoon, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** No more rounds, and answers still due change nothing (the client is closing). */
  public void stop() {
    stopped = true;
  }

  private void roundSoon() {
    if (stopped) {
      return;
    }
    try {
      callbacks.execute(this::round);
    } catch (RuntimeException e) {
      // the client is closing or its callback queue is full: the next round probes
      log.debug("probe round skipped: {}", e.toString());
    }
  }

  /** One OPTIONS to each server not still waiting for its last one. */
  void round() {
    for (ServerPool.Ticket t : pool.tickets()) {
      if (stopped || !waiting.add(t.target())) {
        continue;
      }
      sip.options(t.target().host(), t.target().port(), timeout)
          .whenComplete(
              (answer, err) -> {
                waiting.remove(t.target());
                if (stopped) {
                  return;
                }
                if (err != null) {
                  Throwable c = err instanceof CompletionException ? err.getCause() : err;
                  pool.failed(t, "probe: " + ServerPool.reason(c), null);
                } else if (answer.status() < 300) {
                  pool.probedUp(t);
                } else if (ServerPool.triesElsewhere(answer.status())) {
                  pool.failed(t, "probe: OPTIONS answered " + answer.status(), answer.retryAfter());
                }
              });
    }
  }
}
