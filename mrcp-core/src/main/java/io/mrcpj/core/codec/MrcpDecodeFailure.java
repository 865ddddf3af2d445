package io.mrcpj.core.codec;

import io.mrcpj.core.message.StatusCode;
import java.util.Optional;

/**
 * A message that was framed correctly but could not be read. The connection stays open; the server
 * answers with {@link #status()} when {@link #requestId()} is known.
 *
 * @param requestId the request-id from the start line, or -1 when it could not be read
 * @param channelId the Channel-Identifier header's raw value, or null when none was read
 * @param status the status to answer with
 * @param reason what was wrong, for logs and the Completion-Reason
 * @param isRequest whether the start line looked like a request (only requests are answered)
 */
public record MrcpDecodeFailure(
    long requestId, String channelId, StatusCode status, String reason, boolean isRequest) {

  /** The request-id when known. */
  public Optional<Long> knownRequestId() {
    return requestId < 0 ? Optional.empty() : Optional.of(requestId);
  }

  /** Whether the server can answer this failure: a request whose request-id was read. */
  public boolean answerable() {
    return isRequest && requestId >= 0;
  }
}
