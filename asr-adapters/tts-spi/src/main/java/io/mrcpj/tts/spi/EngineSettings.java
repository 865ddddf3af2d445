package io.mrcpj.tts.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Reads an engine's settings (its section of the server configuration, as strings) for a {@link
 * SynthesisEngineProvider}, with messages that name the engine, the setting and the bad value, so a
 * mistake stops the server's start with a reason a person can act on.
 */
public final class EngineSettings {

  private final String engine;
  private final Map<String, String> values;

  /**
   * @param engine the engine's name, which starts every message
   * @param values the settings as given; missing and blank values mean "use the default"
   */
  public EngineSettings(String engine, Map<String, String> values) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.values = Objects.requireNonNull(values, "values");
  }

  /** The value of {@code key} without surrounding spaces, or {@code dflt} when missing or blank. */
  public String text(String key, String dflt) {
    String v = values.get(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  /**
   * A whole number from {@code min} to {@code max}, or {@code dflt} when missing or blank.
   *
   * @throws SynthesisException when the value is not such a number
   */
  public int integer(String key, int dflt, int min, int max) throws SynthesisException {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key + " must be a whole number from " + min + " to " + max, v);
  }

  /** An engine failure saying "ENGINE setting WHAT: VALUE". */
  public SynthesisException invalid(String what, String value) {
    return new SynthesisException(
        SynthesisException.Kind.ENGINE_FAILURE, engine + " setting " + what + ": " + value);
  }
}
