package io.mrcpj.client.esl;

/** FreeSWITCH refused the password (or an ACL refused the connection). */
public class EslAuthException extends EslException {
  public EslAuthException(String message) {
    super(message);
  }

  public EslAuthException(String message, Throwable cause) {
    super(message, cause);
  }
}
