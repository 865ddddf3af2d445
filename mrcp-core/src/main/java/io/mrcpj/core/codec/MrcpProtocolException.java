package io.mrcpj.core.codec;

import io.mrcpj.core.message.StatusCode;
import io.netty.handler.codec.DecoderException;

/**
 * A framing error: the byte stream can no longer be split into messages (no {@code MRCP/} version,
 * an unreadable message-length, a start line over the limit). The connection must be closed; {@link
 * #status()} says what a peer would have been told.
 */
public class MrcpProtocolException extends DecoderException {

  private final StatusCode status;

  public MrcpProtocolException(StatusCode status, String message) {
    super(message);
    this.status = status;
  }

  public StatusCode status() {
    return status;
  }
}
