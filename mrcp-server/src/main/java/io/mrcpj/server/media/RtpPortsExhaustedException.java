package io.mrcpj.server.media;

/**
 * Every RTP port of the configured range is in use (or could not be bound): the session gets 503.
 */
public final class RtpPortsExhaustedException extends Exception {
  private static final long serialVersionUID = 1L;

  public RtpPortsExhaustedException(String message) {
    super(message);
  }
}
