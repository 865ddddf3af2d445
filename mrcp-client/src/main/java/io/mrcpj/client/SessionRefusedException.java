package io.mrcpj.client;

/** The server answered the INVITE with a final error (4xx, 5xx, 6xx). */
public final class SessionRefusedException extends MrcpClientException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;
  private final String warning;
  private final java.time.Duration retryAfter;

  public SessionRefusedException(int status, String reason, String warning) {
    this(status, reason, warning, null);
  }

  /**
   * @param retryAfter the response's Retry-After, or null
   */
  public SessionRefusedException(
      int status, String reason, String warning, java.time.Duration retryAfter) {
    super(
        "the server refused the session: "
            + status
            + " "
            + reason
            + (warning == null || warning.isBlank() ? "" : " (" + warning + ")"));
    this.status = status;
    this.reason = reason;
    this.warning = warning;
    this.retryAfter = retryAfter;
  }

  /** When the server said to try again (its Retry-After header, sent with 503), if it did. */
  public java.util.Optional<java.time.Duration> retryAfter() {
    return java.util.Optional.ofNullable(retryAfter);
  }

  /** The SIP status code (e.g. 488, 503). */
  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /** The text of the response's Warning header, if it had one. */
  public String warning() {
    return warning;
  }
}
