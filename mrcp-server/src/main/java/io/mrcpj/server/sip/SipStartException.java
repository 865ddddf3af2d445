package io.mrcpj.server.sip;

/** The SIP stack could not start (a port in use, a bad address). */
public final class SipStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public SipStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
