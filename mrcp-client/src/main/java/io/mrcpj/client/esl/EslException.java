package io.mrcpj.client.esl;

/**
 * Something went wrong talking to FreeSWITCH. Futures of this package fail with one of the
 * subclasses: the connection failed or closed ({@link EslConnectionException}), the password was
 * refused ({@link EslAuthException}), no reply came in time ({@link EslTimeoutException}), a frame
 * was malformed ({@link EslProtocolException}), FreeSWITCH refused a call command ({@link
 * EslCommandException}) or the call hung up first ({@link CallHangupException}).
 */
public class EslException extends RuntimeException {
  public EslException(String message) {
    super(message);
  }

  public EslException(String message, Throwable cause) {
    super(message, cause);
  }
}
