package io.mrcpj.client.esl;

/** The connection to FreeSWITCH failed or closed before the answer came. */
public class EslConnectionException extends EslException {
  public EslConnectionException(String message) {
    super(message);
  }

  public EslConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
