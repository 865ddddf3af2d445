package io.mrcpj.client.esl;

/** No answer came within the timeout; a late answer is discarded. */
public class EslTimeoutException extends EslException {
  public EslTimeoutException(String message) {
    super(message);
  }

  public EslTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
