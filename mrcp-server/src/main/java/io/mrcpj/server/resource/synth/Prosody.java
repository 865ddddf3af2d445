package io.mrcpj.server.resource.synth;

import java.util.Locale;
import java.util.Optional;

/**
 * Prosody-Rate and Prosody-Volume values (RFC 6787 section 8.4.6, the SSML 1.0 {@code prosody}
 * values) as the multipliers the engine SPI takes.
 *
 * <ul>
 *   <li>Rate: {@code x-slow} 0.5, {@code slow} 0.75, {@code medium} and {@code default} 1.0, {@code
 *       fast} 1.3, {@code x-fast} 1.6; a number is a multiplier ({@code 1.2}); a percentage is a
 *       change ({@code +20%}, {@code -10%}). Kept within 0.25-4.
 *   <li>Volume: {@code silent} 0, {@code x-soft} 0.25, {@code soft} 0.5, {@code medium} and {@code
 *       default} 1.0, {@code loud} 1.4, {@code x-loud} 2.0; a number 0-100 is a level where 100 is
 *       the voice's normal loudness; a percentage or a {@code dB} value is a change ({@code +10%},
 *       {@code -6dB}). Kept within 0-4.
 * </ul>
 *
 * Anything else is empty (not a valid value).
 */
final class Prosody {

  private Prosody() {}

  static Optional<Double> rate(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Double r =
        switch (v) {
          case "x-slow" -> 0.5;
          case "slow" -> 0.75;
          case "medium", "default" -> 1.0;
          case "fast" -> 1.3;
          case "x-fast" -> 1.6;
          default -> {
            Double p = percent(v);
            yield p != null ? Double.valueOf(1 + p / 100) : number(v);
          }
        };
    if (r == null || !(r > 0)) {
      return Optional.empty();
    }
    return Optional.of(Math.max(0.25, Math.min(4, r)));
  }

  static Optional<Double> volume(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Double g =
        switch (v) {
          case "silent" -> 0.0;
          case "x-soft" -> 0.25;
          case "soft" -> 0.5;
          case "medium", "default" -> 1.0;
          case "loud" -> 1.4;
          case "x-loud" -> 2.0;
          default -> {
            Double p = percent(v);
            if (p != null) {
              yield 1 + p / 100;
            }
            if (v.endsWith("db")) {
              Double db = number(v.substring(0, v.length() - 2));
              yield db == null ? null : Math.pow(10, db / 20);
            }
            Double n = number(v);
            yield n == null || n > 100 ? null : n / 100;
          }
        };
    if (g == null || !(g >= 0)) {
      return Optional.empty();
    }
    return Optional.of(Math.min(4, g));
  }

  private static Double percent(String v) {
    if (!v.endsWith("%")) {
      return null;
    }
    return number(v.substring(0, v.length() - 1));
  }

  private static Double number(String v) {
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
