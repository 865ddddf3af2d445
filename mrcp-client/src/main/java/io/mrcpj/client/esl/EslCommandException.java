package io.mrcpj.client.esl;

/** FreeSWITCH answered a command with {@code -ERR ...} where the call needed it to succeed. */
public class EslCommandException extends EslException {

  private final String reply;

  public EslCommandException(String command, String reply) {
    super(command + ": " + reply);
    this.reply = reply;
  }

  /** FreeSWITCH's answer, e.g. {@code -ERR invalid session id [...]}. */
  public String reply() {
    return reply;
  }
}
