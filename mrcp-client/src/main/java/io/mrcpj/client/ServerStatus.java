package io.mrcpj.client;

import java.time.Instant;

/**
 * What a client knows about one of its servers right now ({@link MrcpClient#servers()}): an
 * immutable snapshot.
 *
 * @param host the server's SIP host as configured
 * @param port its SIP port
 * @param state UP when new sessions may be sent to it, DOWN while its down time runs
 * @param consecutiveFailures failures since its last success (a session opened or, with probing, an
 *     OPTIONS answered 2xx); each one makes the next down time longer
 * @param lastFailure why the last attempt on it failed (e.g. {@code 503 Draining (Retry-After 10
 *     s)}, {@code no answer to INVITE within 500 ms}), or null if none ever did
 * @param lastFailureAt when that was, or null
 * @param downUntil when a DOWN server is tried again in turn; null when UP
 * @param sessionsOpened sessions opened on it since the client started
 */
public record ServerStatus(
    String host,
    int port,
    State state,
    int consecutiveFailures,
    String lastFailure,
    Instant lastFailureAt,
    Instant downUntil,
    long sessionsOpened) {

  /** Whether a server takes new sessions, as far as the client knows. */
  public enum State {
    UP,
    DOWN
  }

  /** {@code host:port} ({@code [v6]:port} for an IPv6 literal). */
  public String address() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
