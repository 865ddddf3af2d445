package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens made from an AccessKey pair with {@link TokenService} and renewed before they expire. The
 * first is made when the engine loads (a refused key or an unreachable token service fails the
 * load, so a misconfigured server does not start); later ones on a thread of this object's own
 * ({@code alibaba-nls-token}), so no recognition ever waits for one.
 *
 * <p>A token is renewed when {@value #RENEW_AT_PERCENT}% of its lifetime has passed. A failed
 * renewal is logged and tried again after half the time left (at least {@value #MIN_RETRY_MS} ms,
 * at most a minute); recognitions keep the token they have until a new one comes. Once it has
 * expired they are likely refused, and their error says so.
 */
final class AccessKeyToken implements TokenSource {

  static final int RENEW_AT_PERCENT = 80;
  static final long MIN_RETRY_MS = 1_000;
  private static final long MAX_RETRY_MS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(AccessKeyToken.class);

  private final TokenService service;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timer;
  private volatile TokenService.Token token;
  private volatile String lastFailure;

  private AccessKeyToken(TokenService service, Clock clock, TokenService.Token first) {
    this.service = service;
    this.clock = clock;
    this.token = first;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "alibaba-nls-token");
              t.setDaemon(true);
              return t;
            });
  }

  /** Makes the first token now and schedules its renewal. */
  static AccessKeyToken start(TokenService service, Clock clock) throws EngineException {
    TokenService.Token first;
    try {
      first = service.create();
    } catch (IOException | RuntimeException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "alibaba-nls cannot make a token: " + e.getMessage(),
          e);
    }
    AccessKeyToken tokens = new AccessKeyToken(service, clock, first);
    tokens.schedule(renewDelay(clock.instant(), first.expires()));
    log.info("alibaba-nls: token made by {}, expires {}", service.describe(), first.expires());
    return tokens;
  }

  /** When to renew a token that expires at {@code expires}: most of its lifetime from now. */
  static Duration renewDelay(Instant now, Instant expires) {
    long left = Duration.between(now, expires).toMillis();
    if (left <= 0) {
      return Duration.ofMillis(MAX_RETRY_MS); // the local clock is ahead: do not spin
    }
    return Duration.ofMillis(Math.max(MIN_RETRY_MS, left * RENEW_AT_PERCENT / 100));
  }

  /** When to try again after a failed renewal of a token that expires at {@code expires}. */
  static Duration retryDelay(Instant now, Instant expires) {
    long left = Duration.between(now, expires).toMillis();
    return Duration.ofMillis(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, left / 2)));
  }

  private void schedule(Duration delay) {
    try {
      timer.schedule(this::renew, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  private void renew() {
    TokenService.Token old = token;
    try {
      TokenService.Token next = service.create();
      token = next;
      lastFailure = null;
      log.info("alibaba-nls: token renewed, expires {}", next.expires());
      schedule(renewDelay(clock.instant(), next.expires()));
    } catch (IOException | RuntimeException e) {
      lastFailure = e.getMessage();
      Instant now = clock.instant();
      if (now.isBefore(old.expires())) {
        log.warn("alibaba-nls: renewing the token failed ({}); it expires {}", e, old.expires());
      } else {
        log.error(
            "alibaba-nls: the token expired at {} and renewing it failed: {}", old.expires(), e);
      }
      schedule(retryDelay(now, old.expires()));
    }
  }

  @Override
  public String current() {
    return token.id();
  }

  @Override
  public String describe() {
    return service.describe();
  }

  @Override
  public String problem() {
    TokenService.Token t = token;
    String failure = lastFailure;
    if (failure != null && !clock.instant().isBefore(t.expires())) {
      return "the token expired at " + t.expires() + " and renewing it failed: " + failure;
    }
    return null;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
