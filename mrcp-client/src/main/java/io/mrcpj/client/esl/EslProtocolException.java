package io.mrcpj.client.esl;

/** A frame broke the Event Socket rules; the connection goes on with the next frame. */
public class EslProtocolException extends EslException {
  public EslProtocolException(String message) {
    super(message);
  }

  public EslProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
