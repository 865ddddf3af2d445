package io.mrcpj.client.esl;

/** BACKGROUND_JOB: the result of a {@code bgapi} command, matched by {@code Job-UUID}. */
public final class BackgroundJobEvent extends EslEvent {

  BackgroundJobEvent(EslEvent e) {
    super(e);
  }

  public String jobUuid() {
    return header("Job-UUID");
  }

  /** {@code Job-Command}, e.g. originate. */
  public String command() {
    return header("Job-Command");
  }

  /** {@code Job-Command-Arg}. */
  public String commandArg() {
    return header("Job-Command-Arg");
  }

  /** What the command printed, e.g. {@code +OK <uuid>} or {@code -ERR USER_BUSY}. */
  public String result() {
    return body();
  }

  /** The result starts with +OK. */
  public boolean isOk() {
    return body().startsWith("+OK");
  }
}
