package io.mrcpj.core.nlsml;

import java.util.Objects;

/**
 * One {@code <interpretation>} of an NLSML result.
 *
 * @param grammar the grammar that matched (e.g. {@code session:request1@form-level}), or null
 * @param confidence 0.0 to 1.0
 * @param instance the semantic result: plain text, or an XML fragment when {@code instanceXml}
 * @param instanceXml whether {@code instance} holds XML markup to be written unescaped
 * @param input what was heard or typed (the words, or the DTMF digits)
 * @param mode speech or dtmf
 * @param status {@link InputStatus#NOINPUT} and {@link InputStatus#NOMATCH} are the empty shapes
 */
public record Interpretation(
    String grammar,
    float confidence,
    String instance,
    boolean instanceXml,
    String input,
    InputMode mode,
    InputStatus status) {

  public Interpretation {
    if (!(confidence >= 0f && confidence <= 1f)) {
      throw new IllegalArgumentException("confidence must be within 0.0-1.0: " + confidence);
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(status, "status");
    input = input == null ? "" : input;
    instance = instance == null ? "" : instance;
  }

  /** A match: the words heard, their semantic instance (text), the grammar and confidence. */
  public static Interpretation of(
      String grammar, float confidence, String instance, String input, InputMode mode) {
    return new Interpretation(grammar, confidence, instance, false, input, mode, InputStatus.MATCH);
  }
}
