package io.mrcpj.client;

import java.util.List;
import java.util.stream.Collectors;

/**
 * No server of a client with several took the session: each was tried once and each failed in a way
 * that says that server cannot take it now (no answer, connection refused, 408, 480, 486, 5xx, the
 * MRCP connection failed). The message names every server and why; {@link #failures()} has them in
 * the order they were tried, and the cause is the last one.
 */
public final class ServersUnavailableException extends MrcpClientException {
  private static final long serialVersionUID = 1L;

  /** One server tried and why it failed. */
  public record Failure(String server, String reason, Throwable cause) {}

  private final transient List<Failure> failures;

  public ServersUnavailableException(List<Failure> failures) {
    super(
        "no server took the session: "
            + failures.stream()
                .map(f -> f.server() + " (" + f.reason() + ")")
                .collect(Collectors.joining(", ")),
        failures.isEmpty() ? null : failures.get(failures.size() - 1).cause());
    this.failures = List.copyOf(failures);
  }

  /** The servers tried, in order, and why each failed. */
  public List<Failure> failures() {
    return failures;
  }
}
