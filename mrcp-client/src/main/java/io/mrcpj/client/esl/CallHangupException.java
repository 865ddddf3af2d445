package io.mrcpj.client.esl;

/** The call hung up before the operation on it finished. */
public class CallHangupException extends EslException {

  private final String uuid;
  private final String cause;

  public CallHangupException(String uuid, String cause) {
    super("call " + uuid + " hung up" + (cause != null ? " (" + cause + ")" : ""));
    this.uuid = uuid;
    this.cause = cause;
  }

  public String uuid() {
    return uuid;
  }

  /** The Hangup-Cause, or null when unknown. */
  public String hangupCause() {
    return cause;
  }
}
