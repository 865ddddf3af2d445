package io.mrcpj.tts.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * A voice an engine offers, described the way MRCP's Voice-* headers select one (RFC 6787 section
 * 8.4.1: Voice-Gender, Voice-Age, Voice-Name, and Speech-Language).
 *
 * @param name the engine's name for it (e.g. {@code kevin16}), matched without regard to case
 * @param gender {@code male}, {@code female} or {@code neutral}
 * @param age a typical age in years, or 0 when unknown
 * @param language BCP 47 tag of what it speaks (e.g. {@code en-US})
 */
public record Voice(String name, String gender, int age, String language) {

  public Voice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(language, "language");
    gender = gender == null ? "neutral" : gender.toLowerCase(Locale.ROOT);
    if (!gender.equals("male") && !gender.equals("female") && !gender.equals("neutral")) {
      throw new IllegalArgumentException("gender must be male, female or neutral: " + gender);
    }
    if (age < 0) {
      throw new IllegalArgumentException("age must not be negative: " + age);
    }
  }

  /** Whether this voice speaks {@code tag}: the same tag, or the same primary language. */
  public boolean speaks(String tag) {
    if (tag == null || tag.isBlank()) {
      return true;
    }
    String want = tag.toLowerCase(Locale.ROOT);
    String have = language.toLowerCase(Locale.ROOT);
    return have.equals(want) || primary(have).equals(primary(want));
  }

  private static String primary(String tag) {
    int dash = tag.indexOf('-');
    return dash < 0 ? tag : tag.substring(0, dash);
  }
}
