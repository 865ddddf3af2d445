package io.mrcpj.core.grammar;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Reads the digits and numbers an English speech recognizer writes out in words, for the builtin
 * {@code digits} and {@code number} grammars (VoiceXML 2.0 appendix P): "four five six one" or "oh
 * seven" are digit strings, "two hundred and five point five" or "minus twelve" numbers. Numerals
 * the recognizer already wrote as figures are taken as they are. Stateless.
 */
public final class EnglishNumbers {

  private static final Map<String, Integer> UNITS =
      Map.ofEntries(
          Map.entry("zero", 0),
          Map.entry("oh", 0),
          Map.entry("o", 0),
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9));

  private static final Map<String, Integer> TEENS =
      Map.ofEntries(
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("thirteen", 13),
          Map.entry("fourteen", 14),
          Map.entry("fifteen", 15),
          Map.entry("sixteen", 16),
          Map.entry("seventeen", 17),
          Map.entry("eighteen", 18),
          Map.entry("nineteen", 19));

  private static final Map<String, Integer> TENS =
      Map.of(
          "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy", 70,
          "eighty", 80, "ninety", 90);

  private static final Map<String, Long> SCALES =
      Map.of("thousand", 1_000L, "million", 1_000_000L, "billion", 1_000_000_000L);

  /** Longest input read (words). */
  static final int MAX_WORDS = 64;

  private EnglishNumbers() {}

  /**
   * The digit string of words that are each one digit ("four five six one", "oh", "7"), or null
   * when any word is not a single digit.
   */
  public static String digits(String words) {
    String n = Phrase.normalize(words);
    if (n.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    String[] ws = n.split(" ");
    if (ws.length > MAX_WORDS) {
      return null;
    }
    for (String w : ws) {
      Integer d = UNITS.get(w);
      if (d != null) {
        out.append(d);
      } else if (w.chars().allMatch(Character::isDigit)
          && w.length() <= BuiltinGrammar.MAX_DIGITS) {
        out.append(w);
      } else {
        return null;
      }
    }
    return out.length() <= BuiltinGrammar.MAX_DIGITS ? out.toString() : null;
  }

  /**
   * The number spoken in {@code words} as a plain decimal string ("205.5", "-12"), or null when the
   * words are not one English number.
   */
  public static String number(String words) {
    String n = Phrase.normalize(words.replace(",", ""));
    if (n.isEmpty()) {
      return null;
    }
    String[] ws = n.split(" ");
    if (ws.length > MAX_WORDS) {
      return null;
    }
    int i = 0;
    boolean negative = false;
    if (ws[0].equals("minus") || ws[0].equals("negative")) {
      negative = true;
      i++;
    }
    long total = 0;
    long current = 0;
    Kind last = Kind.NONE;
    boolean any = false;
    StringBuilder fraction = null;
    for (; i < ws.length; i++) {
      String w = ws[i];
      if (fraction != null) {
        Integer d = UNITS.get(w);
        if (d == null) {
          if (!w.chars().allMatch(Character::isDigit)) {
            return null;
          }
          fraction.append(w);
        } else {
          fraction.append(d);
        }
        continue;
      }
      if (w.equals("and") && (last == Kind.HUNDRED || last == Kind.SCALE)) {
        continue;
      }
      if (w.equals("a")
          && i + 1 < ws.length
          && (ws[i + 1].equals("hundred") || SCALES.containsKey(ws[i + 1]))) {
        continue;
      }
      if (w.equals("point") || w.equals("dot")) {
        fraction = new StringBuilder();
        continue;
      }
      if (w.chars().allMatch(Character::isDigit) && w.length() <= 15 && last == Kind.NONE) {
        current = Long.parseLong(w);
        last = Kind.NUMERAL;
        any = true;
      } else if (UNITS.containsKey(w) && !w.equals("o")) {
        if (last == Kind.UNIT || last == Kind.TEEN || last == Kind.NUMERAL) {
          return null;
        }
        current += UNITS.get(w);
        last = Kind.UNIT;
        any = true;
      } else if (TEENS.containsKey(w)) {
        if (last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS || last == Kind.NUMERAL) {
          return null;
        }
        current += TEENS.get(w);
        last = Kind.TEEN;
        any = true;
      } else if (TENS.containsKey(w)) {
        if (last == Kind.UNIT || last == Kind.TEEN || last == Kind.TENS || last == Kind.NUMERAL) {
          return null;
        }
        current += TENS.get(w);
        last = Kind.TENS;
        any = true;
      } else if (w.equals("hundred")) {
        if (last == Kind.HUNDRED || current >= 100) {
          return null;
        }
        current = (current == 0 ? 1 : current) * 100;
        last = Kind.HUNDRED;
        any = true;
      } else if (SCALES.containsKey(w)) {
        long scale = SCALES.get(w);
        if (last == Kind.SCALE && current == 0) {
          return null;
        }
        total += (current == 0 ? 1 : current) * scale;
        current = 0;
        last = Kind.SCALE;
        any = true;
      } else {
        return null;
      }
    }
    if (!any && fraction == null) {
      return null;
    }
    if (fraction != null && fraction.length() == 0) {
      return null;
    }
    BigDecimal v = BigDecimal.valueOf(total + current);
    if (fraction != null) {
      v = new BigDecimal((total + current) + "." + fraction);
    }
    if (negative) {
      v = v.negate();
    }
    return v.toPlainString();
  }

  private enum Kind {
    NONE,
    NUMERAL,
    UNIT,
    TEEN,
    TENS,
    HUNDRED,
    SCALE
  }
}
