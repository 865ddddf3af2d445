package io.mrcpj.client.esl;

/**
 * FreeSWITCH's answer to a command: a {@code command/reply} (its text in {@code Reply-Text}) or an
 * {@code api/response} (its text is the body). A {@code -ERR} answer is still a reply: check {@link
 * #isOk()}; futures fail only when no answer came.
 */
public final class EslReply {

  private final EslMessage message;

  EslReply(EslMessage message) {
    this.message = message;
  }

  /** The answer's text without its trailing line break, e.g. {@code +OK accepted}. */
  public String text() {
    String t =
        EslMessage.API_RESPONSE.equals(message.contentType())
            ? message.bodyText()
            : message.headers().get("Reply-Text", "");
    return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
  }

  /** The text starts with {@code +OK}. */
  public boolean isOk() {
    return text().startsWith("+OK");
  }

  /** {@code Job-UUID} of a {@code bgapi} reply, or null. */
  public String jobUuid() {
    return message.header("Job-UUID");
  }

  public EslHeaders headers() {
    return message.headers();
  }

  /** The frame as it arrived. */
  public EslMessage message() {
    return message;
  }

  @Override
  public String toString() {
    return text();
  }
}
