package io.mrcpj.core.message;

import java.util.Locale;

/**
 * A Completion-Cause value: a three-digit code and a name, written {@code 002 no-input-timeout}.
 * Each resource has its own list: {@link RecognizerCompletionCause}, {@link
 * SynthesizerCompletionCause}, {@link RecorderCompletionCause}.
 */
public interface CompletionCause {

  /** The numeric code. */
  int code();

  /** The name as written on the wire, e.g. {@code no-input-timeout}. */
  String wireName();

  /** The header value, e.g. {@code 002 no-input-timeout}. */
  default String toHeaderValue() {
    return String.format(Locale.ROOT, "%03d %s", code(), wireName());
  }

  /** The code at the start of a header value, or -1 when it has none. */
  static int codeOf(String headerValue) {
    String v = headerValue.trim();
    int end = 0;
    while (end < v.length() && end < 4 && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 || end > 3 ? -1 : Integer.parseInt(v.substring(0, end));
  }

  /**
   * Reads a header value leniently among {@code values}: by its code ({@code 002}, {@code 2},
   * {@code 002 anything}) or, when the code is missing, by its name.
   *
   * @throws IllegalArgumentException when neither matches
   */
  static <E extends CompletionCause> E parse(E[] values, String headerValue) {
    int code = codeOf(headerValue);
    for (E c : values) {
      if (code >= 0 ? c.code() == code : c.wireName().equalsIgnoreCase(headerValue.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown completion cause: '" + headerValue + "'");
  }
}
