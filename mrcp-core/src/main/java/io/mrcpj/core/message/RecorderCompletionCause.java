package io.mrcpj.core.message;

/** Completion causes of the recorder (RFC 6787 section 10.4.1). */
public enum RecorderCompletionCause implements CompletionCause {
  SUCCESS_SILENCE(0, "success-silence"),
  SUCCESS_MAXTIME(1, "success-maxtime"),
  NO_INPUT_TIMEOUT(2, "no-input-timeout"),
  URI_FAILURE(3, "uri-failure"),
  ERROR(4, "error");

  private final int code;
  private final String wireName;

  RecorderCompletionCause(int code, String wireName) {
    this.code = code;
    this.wireName = wireName;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /**
   * Reads a header value leniently: by its code ({@code 002}, {@code 2}, {@code 002 anything}) or,
   * when the code is missing, by its name.
   *
   * @throws IllegalArgumentException when neither matches
   */
  public static RecorderCompletionCause parse(String headerValue) {
    return CompletionCause.parse(values(), headerValue);
  }
}
