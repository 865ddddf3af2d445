package io.mrcpj.core.message;

/** Completion causes of speechsynth and basicsynth (RFC 6787 section 8.4.3). */
public enum SynthesizerCompletionCause implements CompletionCause {
  NORMAL(0, "normal"),
  BARGE_IN(1, "barge-in"),
  PARSE_FAILURE(2, "parse-failure"),
  URI_FAILURE(3, "uri-failure"),
  ERROR(4, "error"),
  LANGUAGE_UNSUPPORTED(5, "language-unsupported"),
  LEXICON_LOAD_FAILURE(6, "lexicon-load-failure"),
  CANCELLED(7, "cancelled");

  private final int code;
  private final String wireName;

  SynthesizerCompletionCause(int code, String wireName) {
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
  public static SynthesizerCompletionCause parse(String headerValue) {
    return CompletionCause.parse(values(), headerValue);
  }
}
