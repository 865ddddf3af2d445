package io.mrcpj.client.internal;

import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.ServerPolicy;
import io.mrcpj.client.ServerStatus;
import io.mrcpj.client.SessionRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The servers a client opens sessions on, what it knows of their health, and the order to try them
 * in for a new session. Pure policy: no sockets, the clock is injected, so the rules are tested on
 * their own.
 *
 * <ul>
 *   <li>A failure that says "this server cannot take it" makes the server DOWN: for its Retry-After
 *       when it sent one (capped at an hour), else for a backoff that starts at {@code
 *       firstBackoff} and doubles with each consecutive failure up to {@code maxBackoff}.
 *   <li>When the down time has passed the server is UP again, but its failures still count: one
 *       more and it is down for twice as long. A session opened on it, or a probe answered 2xx,
 *       clears the count.
 *   <li>An outcome of an attempt that began before the server's last change of state is stale:
 *       twenty sessions under way when a server died are one failure, not twenty, and a session
 *       that got through just before a server started draining does not make it UP again. Stale
 *       outcomes only update the counters and the last failure's text.
 *   <li>{@link #plan()}: the servers that are UP in the policy's order, then the DOWN ones, the one
 *       back soonest first, as a last resort: a session is never refused without a try.
 * </ul>
 *
 * <p>Thread-safe: every method holds the pool's lock for a few field updates and never blocks.
 */
public final class ServerPool {

  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** A server's SIP address. */
  public record Target(String host, int port) {
    public Target {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("blank host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }

    @Override
    public String toString() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  /** One server chosen for one attempt, with the generation of its state when it was chosen. */
  public record Ticket(Target target, int index, long generation) {}

  private static final class Entry {
    final Target target;
    long generation;
    int consecutiveFailures;
    boolean down;
    long downUntilNanos;
    Instant downUntil;
    String lastFailure;
    Instant lastFailureAt;
    long sessionsOpened;

    Entry(Target target) {
      this.target = target;
    }
  }

  private final List<Entry> entries;
  private final ServerPolicy policy;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final LongSupplier nanos;
  private final Clock clock;
  private int turn; // round-robin: which of the UP servers goes first next

  /**
   * @param targets the servers, in the order {@link ServerPolicy#FAILOVER} tries them; no repeats
   * @param nanos a monotonic clock (System::nanoTime) for the decisions
   * @param clock the wall clock for the times {@link #snapshot()} shows
   */
  public ServerPool(
      List<Target> targets,
      ServerPolicy policy,
      Duration firstBackoff,
      Duration maxBackoff,
      LongSupplier nanos,
      Clock clock) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no server");
    }
    if (targets.stream().distinct().count() != targets.size()) {
      throw new IllegalArgumentException("a server is listed twice: " + targets);
    }
    if (firstBackoff.isNegative()
        || firstBackoff.isZero()
        || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must be positive and first <= max: " + firstBackoff + ", " + maxBackoff);
    }
    this.entries = targets.stream().map(Entry::new).toList();
    this.policy = Objects.requireNonNull(policy, "policy");
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.nanos = nanos;
    this.clock = clock;
  }

  /**
   * Whether a SIP final response to an INVITE means "this server cannot take the session now", so
   * another may: 408, 480, 486 and every 5xx; and a 2xx whose answer was unusable (no channel).
   * Every other status says the request itself is wrong (400, 401/407 after the credentials, 403,
   * 404, 415, 488...) or that no server will take it (3xx, 6xx): trying elsewhere is pointless.
   */
  public static boolean triesElsewhere(int sipStatus) {
    return sipStatus < 300
        || sipStatus == 408
        || sipStatus == 480
        || sipStatus == 486
        || (sipStatus >= 500 && sipStatus < 600);
  }

  /**
   * Whether an attempt's failure says the server could not take the session, so another may: a
   * {@link SessionRefusedException} whose status {@link #triesElsewhere(int)}, or any other {@link
   * MrcpClientException} (no answer, connection refused, the MRCP connection or its TLS failed, an
   * unusable SDP answer). Anything else is a fault of this client.
   */
  public static boolean isServerFailure(Throwable cause) {
    if (cause instanceof SessionRefusedException r) {
      return triesElsewhere(r.status());
    }
    return cause instanceof MrcpClientException;
  }

  /** The Retry-After a refusal carried, or null. */
  public static Duration retryAfter(Throwable cause) {
    return cause instanceof SessionRefusedException r ? r.retryAfter().orElse(null) : null;
  }

  /** A short reason for {@link ServerStatus#lastFailure()}, e.g. {@code 503 Draining}. */
  public static String reason(Throwable cause) {
    if (cause instanceof SessionRefusedException r) {
      return r.status()
          + " "
          + r.reason()
          + (r.warning() == null || r.warning().isBlank() ? "" : " (" + r.warning() + ")")
          + r.retryAfter().map(d -> " Retry-After " + d.toSeconds() + " s").orElse("");
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  /** The order to try the servers in for one new session: each once. */
  public synchronized List<Ticket> plan() {
    long now = nanos.getAsLong();
    List<Ticket> plan = new ArrayList<>();
    List<Entry> down = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (isDown(e, now)) {
        down.add(e);
      } else {
        plan.add(new Ticket(e.target, i, e.generation));
      }
    }
    if (policy == ServerPolicy.ROUND_ROBIN && plan.size() > 1) {
      Collections.rotate(plan, -Math.floorMod(turn++, plan.size()));
    }
    down.sort(Comparator.comparingLong(e -> e.downUntilNanos - now));
    for (Entry e : down) {
      plan.add(new Ticket(e.target, entries.indexOf(e), e.generation));
    }
    return plan;
  }

  /** Every server's current ticket, for probing them all. */
  public synchronized List<Ticket> tickets() {
    List<Ticket> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      out.add(new Ticket(entries.get(i).target, i, entries.get(i).generation));
    }
    return out;
  }

  /** A session was opened on the ticket's server. */
  public synchronized void succeeded(Ticket t) {
    Entry e = entries.get(t.index());
    e.sessionsOpened++;
    markUp(e, t);
  }

  /** A probe of the ticket's server was answered 2xx. */
  public synchronized void probedUp(Ticket t) {
    markUp(entries.get(t.index()), t);
  }

  private void markUp(Entry e, Ticket t) {
    if (t.generation() == e.generation && (e.down || e.consecutiveFailures > 0)) {
      e.down = false;
      e.consecutiveFailures = 0;
      e.downUntil = null;
      e.generation++;
    }
  }

  /**
   * The ticket's server could not take a session (or failed a probe).
   *
   * @param reason what happened, for {@link ServerStatus#lastFailure()}
   * @param retryAfter the server's Retry-After, or null
   * @return how long the server is now down, or null when the outcome was stale
   */
  public synchronized Duration failed(Ticket t, String reason, Duration retryAfter) {
    Entry e = entries.get(t.index());
    e.lastFailure = reason;
    e.lastFailureAt = clock.instant();
    if (t.generation() != e.generation) {
      return null;
    }
    e.consecutiveFailures++;
    Duration d =
        retryAfter != null && retryAfter.compareTo(Duration.ZERO) > 0
            ? min(retryAfter, MAX_RETRY_AFTER)
            : backoff(e.consecutiveFailures);
    e.down = true;
    e.downUntilNanos = nanos.getAsLong() + d.toNanos();
    e.downUntil = e.lastFailureAt.plus(d);
    e.generation++;
    return d;
  }

  /** The down time after {@code failures} consecutive failures without a Retry-After. */
  Duration backoff(int failures) {
    Duration d = firstBackoff;
    for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return min(d, maxBackoff);
  }

  /** What is known of every server now, in the configured order. */
  public synchronized List<ServerStatus> snapshot() {
    long now = nanos.getAsLong();
    List<ServerStatus> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      boolean down = isDown(e, now);
      out.add(
          new ServerStatus(
              e.target.host(),
              e.target.port(),
              down ? ServerStatus.State.DOWN : ServerStatus.State.UP,
              e.consecutiveFailures,
              e.lastFailure,
              e.lastFailureAt,
              down ? e.downUntil : null,
              e.sessionsOpened));
    }
    return List.copyOf(out);
  }

  private static boolean isDown(Entry e, long now) {
    return e.down && now - e.downUntilNanos < 0;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
