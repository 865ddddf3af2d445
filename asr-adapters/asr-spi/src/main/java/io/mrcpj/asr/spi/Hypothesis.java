package io.mrcpj.asr.spi;

import java.util.Objects;

/**
 * One recognition hypothesis.
 *
 * @param text the recognized words, space separated
 * @param confidence from 0.0 to 1.0
 */
public record Hypothesis(String text, float confidence) {

  public Hypothesis {
    Objects.requireNonNull(text, "text");
    if (!(confidence >= 0f && confidence <= 1f)) {
      throw new IllegalArgumentException("confidence must be within 0.0-1.0: " + confidence);
    }
  }
}
