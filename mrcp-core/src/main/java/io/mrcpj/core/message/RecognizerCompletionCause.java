package io.mrcpj.core.message;

/** Completion causes of speechrecog and dtmfrecog (RFC 6787 section 9.4.11). */
public enum RecognizerCompletionCause implements CompletionCause {
  SUCCESS(0, "success"),
  NO_MATCH(1, "no-match"),
  NO_INPUT_TIMEOUT(2, "no-input-timeout"),
  HOTWORD_MAXTIME(3, "hotword-maxtime"),
  GRAMMAR_LOAD_FAILURE(4, "grammar-load-failure"),
  GRAMMAR_COMPILATION_FAILURE(5, "grammar-compilation-failure"),
  RECOGNIZER_ERROR(6, "recognizer-error"),
  SPEECH_TOO_EARLY(7, "speech-too-early"),
  SUCCESS_MAXTIME(8, "success-maxtime"),
  URI_FAILURE(9, "uri-failure"),
  LANGUAGE_UNSUPPORTED(10, "language-unsupported"),
  CANCELLED(11, "cancelled"),
  SEMANTICS_FAILURE(12, "semantics-failure"),
  PARTIAL_MATCH(13, "partial-match"),
  PARTIAL_MATCH_MAXTIME(14, "partial-match-maxtime"),
  NO_MATCH_MAXTIME(15, "no-match-maxtime"),
  GRAMMAR_DEFINITION_FAILURE(16, "grammar-definition-failure");

  private final int code;
  private final String wireName;

  RecognizerCompletionCause(int code, String wireName) {
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
  public static RecognizerCompletionCause parse(String headerValue) {
    return CompletionCause.parse(values(), headerValue);
  }
}
