package io.mrcpj.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.ServerPolicy;
import io.mrcpj.client.ServerStatus;
import io.mrcpj.client.SessionRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failover policy and backoff on their own: a fake clock, no sockets. */
class ServerPoolTest {

  private static final ServerPool.Target A = new ServerPool.Target("10.0.0.1", 5060);
  private static final ServerPool.Target B = new ServerPool.Target("10.0.0.2", 5060);
  private static final ServerPool.Target C = new ServerPool.Target("10.0.0.3", 5060);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Monotonic nanos and the wall clock, both moved by the test. */
  private final AtomicLong nanos = new AtomicLong(1_000);

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return T0.plusNanos(nanos.get());
        }
      };

  private ServerPool pool(ServerPolicy policy, ServerPool.Target... targets) {
    return new ServerPool(
        List.of(targets), policy, Duration.ofSeconds(1), Duration.ofSeconds(30), nanos::get, clock);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private static List<ServerPool.Target> order(List<ServerPool.Ticket> plan) {
    return plan.stream().map(ServerPool.Ticket::target).toList();
  }

  private static ServerPool.Ticket ticketFor(ServerPool pool, ServerPool.Target t) {
    return pool.plan().stream().filter(x -> x.target().equals(t)).findFirst().orElseThrow();
  }

  @Test
  void failoverTriesTheServersInTheirOrderWhileAllAreUp() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B, C);
    assertThat(order(p.plan())).containsExactly(A, B, C);
    assertThat(order(p.plan())).containsExactly(A, B, C);
  }

  @Test
  void aFailedServerGoesLastWhileDownAndComesBackFirstWhenItsDownTimeIsOver() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B, C);
    assertThat(p.failed(p.plan().get(0), "no answer", null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(order(p.plan())).containsExactly(B, C, A);
    ServerStatus a = p.snapshot().get(0);
    assertThat(a.state()).isEqualTo(ServerStatus.State.DOWN);
    assertThat(a.consecutiveFailures()).isEqualTo(1);
    assertThat(a.lastFailure()).isEqualTo("no answer");
    assertThat(a.downUntil()).isEqualTo(a.lastFailureAt().plusSeconds(1));

    advance(Duration.ofMillis(999));
    assertThat(order(p.plan())).containsExactly(B, C, A);
    advance(Duration.ofMillis(1));
    assertThat(order(p.plan())).containsExactly(A, B, C);
    a = p.snapshot().get(0);
    assertThat(a.state()).isEqualTo(ServerStatus.State.UP);
    assertThat(a.downUntil()).isNull();
    assertThat(a.consecutiveFailures()).as("still counted until a success").isEqualTo(1);
  }

  @Test
  void theDownTimeDoublesWithEachConsecutiveFailureUpToTheMaximum() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B);
    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Duration d = p.failed(ticketFor(p, A), "refused", null);
      seconds.add(d.toSeconds());
      assertThat(p.snapshot().get(0).downUntil()).isEqualTo(clock.instant().plus(d));
      advance(d);
    }
    assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    assertThat(p.snapshot().get(0).consecutiveFailures()).isEqualTo(8);
  }

  @Test
  void aSuccessClearsTheFailuresSoTheNextDownTimeIsShortAgain() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B);
    p.failed(ticketFor(p, A), "x", null);
    advance(Duration.ofSeconds(1));
    p.failed(ticketFor(p, A), "x", null);
    advance(Duration.ofSeconds(2));
    p.succeeded(ticketFor(p, A));
    ServerStatus a = p.snapshot().get(0);
    assertThat(a.consecutiveFailures()).isZero();
    assertThat(a.sessionsOpened()).isEqualTo(1);
    assertThat(a.lastFailure()).as("kept for the record").isEqualTo("x");
    assertThat(p.failed(ticketFor(p, A), "x", null)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void retryAfterIsTheDownTimeInsteadOfTheBackoffUpToAnHour() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B);
    assertThat(p.failed(ticketFor(p, A), "503", Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(10));
    advance(Duration.ofSeconds(9));
    assertThat(p.snapshot().get(0).state()).isEqualTo(ServerStatus.State.DOWN);
    advance(Duration.ofSeconds(1));
    assertThat(p.snapshot().get(0).state()).isEqualTo(ServerStatus.State.UP);
    assertThat(p.failed(ticketFor(p, B), "503", Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
    assertThat(p.failed(ticketFor(p, A), "503", Duration.ZERO))
        .as("Retry-After 0: the backoff, second failure")
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void outcomesOfAttemptsBegunBeforeTheLastChangeOfStateChangeOnlyTheCounters() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B);
    ServerPool.Ticket first = p.plan().get(0);
    ServerPool.Ticket second = p.plan().get(0);
    ServerPool.Ticket third = p.plan().get(0);
    assertThat(p.failed(first, "died", null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.failed(second, "died too", null)).as("stale").isNull();
    ServerStatus a = p.snapshot().get(0);
    assertThat(a.consecutiveFailures()).isEqualTo(1);
    assertThat(a.lastFailure()).isEqualTo("died too");
    assertThat(a.downUntil()).isEqualTo(T0.plusNanos(1_000).plusSeconds(1));

    p.succeeded(third); // got through before the server failed: it stays down
    a = p.snapshot().get(0);
    assertThat(a.state()).isEqualTo(ServerStatus.State.DOWN);
    assertThat(a.sessionsOpened()).isEqualTo(1);
  }

  @Test
  void aDownServerTriedAsTheLastResortIsUpAgainWhenItTakesTheSession() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B);
    p.failed(ticketFor(p, A), "x", null);
    p.failed(ticketFor(p, B), "y", null);
    List<ServerPool.Ticket> plan = p.plan();
    assertThat(order(plan)).containsExactly(A, B);
    p.succeeded(plan.get(1));
    assertThat(p.snapshot().get(1).state()).isEqualTo(ServerStatus.State.UP);
    assertThat(p.snapshot().get(0).state()).isEqualTo(ServerStatus.State.DOWN);
  }

  @Test
  void downServersAreOrderedByWhenTheyAreBackSoonestFirst() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B, C);
    p.failed(ticketFor(p, A), "x", Duration.ofSeconds(20));
    p.failed(ticketFor(p, B), "x", Duration.ofSeconds(5));
    assertThat(order(p.plan())).containsExactly(C, B, A);
  }

  @Test
  void roundRobinTakesTheUpServersInTurnAndSkipsDownOnes() {
    ServerPool p = pool(ServerPolicy.ROUND_ROBIN, A, B, C);
    List<ServerPool.Target> firsts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      List<ServerPool.Ticket> plan = p.plan();
      assertThat(plan).hasSize(3);
      firsts.add(plan.get(0).target());
    }
    assertThat(firsts).containsExactly(A, B, C, A, B, C);

    p.failed(ticketFor(p, B), "x", Duration.ofSeconds(10));
    firsts.clear();
    for (int i = 0; i < 4; i++) {
      List<ServerPool.Ticket> plan = p.plan();
      assertThat(plan.get(2).target()).isEqualTo(B);
      firsts.add(plan.get(0).target());
    }
    assertThat(firsts).containsOnly(A, C);
    assertThat(firsts.stream().filter(A::equals).count()).isEqualTo(2);
  }

  @Test
  void aProbeAnswered2xxMarksUpEvenBeforeTheRetryAfterIsOver() {
    ServerPool p = pool(ServerPolicy.FAILOVER, A, B);
    p.failed(p.tickets().get(0), "probe: OPTIONS answered 503", Duration.ofSeconds(10));
    assertThat(p.snapshot().get(0).state()).isEqualTo(ServerStatus.State.DOWN);
    p.probedUp(p.tickets().get(0));
    ServerStatus a = p.snapshot().get(0);
    assertThat(a.state()).isEqualTo(ServerStatus.State.UP);
    assertThat(a.consecutiveFailures()).isZero();
    assertThat(a.sessionsOpened()).isZero();
  }

  @Test
  void onlyStatusesThatSayThisServerCannotTakeItNowTryElsewhere() {
    for (int s : new int[] {408, 480, 486, 500, 502, 503, 504, 513, 599, 200}) {
      assertThat(ServerPool.triesElsewhere(s)).as("%d", s).isTrue();
    }
    for (int s : new int[] {302, 400, 401, 403, 404, 407, 415, 420, 481, 487, 488, 600, 603, 606}) {
      assertThat(ServerPool.triesElsewhere(s)).as("%d", s).isFalse();
    }
  }

  @Test
  void failuresOfTheTransportAreTheServersAndFaultsOfTheClientAreNot() {
    assertThat(ServerPool.isServerFailure(new MrcpClientException("no answer to INVITE"))).isTrue();
    assertThat(ServerPool.isServerFailure(new SessionRefusedException(503, "Busy", null))).isTrue();
    assertThat(ServerPool.isServerFailure(new SessionRefusedException(488, "Not Here", "TLS")))
        .isFalse();
    assertThat(ServerPool.isServerFailure(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void theReasonOfARefusalHasItsStatusWarningAndRetryAfter() {
    SessionRefusedException r =
        new SessionRefusedException(503, "Draining", null, Duration.ofSeconds(10));
    assertThat(ServerPool.reason(r)).isEqualTo("503 Draining Retry-After 10 s");
    assertThat(ServerPool.retryAfter(r)).isEqualTo(Duration.ofSeconds(10));
    assertThat(
            ServerPool.reason(
                new SessionRefusedException(488, "Not Acceptable Here", "TCP/TLS/MRCPv2 only")))
        .isEqualTo("488 Not Acceptable Here (TCP/TLS/MRCPv2 only)");
    assertThat(ServerPool.retryAfter(new MrcpClientException("x"))).isNull();
  }

  @Test
  void aServerListedTwiceOrNoneOrABadBackoffIsRefused() {
    assertThatThrownBy(() -> pool(ServerPolicy.FAILOVER, A, B, A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> pool(ServerPolicy.FAILOVER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ServerPool(
                    List.of(A),
                    ServerPolicy.FAILOVER,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    nanos::get,
                    clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerPool.Target("h", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ServerPool.Target("::1", 8060).toString()).isEqualTo("[::1]:8060");
  }
}
