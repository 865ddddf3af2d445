package io.mrcpj.core.sdp;

/** Checks shared by the model builders: the writer must never emit a broken line. */
final class SdpText {

  private SdpText() {}

  /** Rejects null and any character that would break the line structure (CR, LF, NUL). */
  static String checkValue(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(what + " contains a line break or NUL: " + value);
      }
    }
    return value;
  }

  /** Like {@link #checkValue} and also rejects empty values and whitespace (a single token). */
  static String checkToken(String what, String value) {
    checkValue(what, value);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        throw new IllegalArgumentException(what + " must be a single token: " + value);
      }
    }
    return value;
  }
}
