package io.mrcpj.core.grammar;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code builtin:} grammar URI as real clients send them: {@code builtin:dtmf/digits?length=4},
 * {@code builtin:dtmf/digits?minlength=2;maxlength=6}, {@code builtin:speech/transcribe}, {@code
 * builtin:grammar/boolean} (FreeSWITCH), {@code builtin:speech/boolean}. Parameters follow {@code
 * ?} or {@code ;} and are separated by {@code ;} or {@code &}.
 *
 * @param mode {@code dtmf}, {@code speech}, or {@code grammar} (speech with a named grammar)
 * @param type e.g. {@code digits}, {@code boolean}, {@code transcribe}
 * @param parameters the parameters in the order written, names in lower case
 */
public record BuiltinGrammar(String mode, String type, Map<String, String> parameters) {

  /** Longest digit string a builtin DTMF grammar may ask for. */
  public static final int MAX_DIGITS = 128;

  public BuiltinGrammar {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Parses a builtin URI.
   *
   * @throws GrammarException when it is not {@code builtin:<mode>/<type>[?params]}
   */
  public static BuiltinGrammar parse(String uri) throws GrammarException {
    String u = uri.trim();
    if (!u.regionMatches(true, 0, "builtin:", 0, 8) || u.length() > 1024) {
      throw new GrammarException("not a builtin grammar URI: '" + clip(u) + "'");
    }
    String rest = u.substring(8);
    int q = firstOf(rest, '?', ';');
    String path = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new GrammarException(
          "builtin grammar must be builtin:<mode>/<type>: '" + clip(u) + "'");
    }
    String mode = path.substring(0, slash).toLowerCase(Locale.ROOT);
    String type = path.substring(slash + 1).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("[;&]")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new GrammarException(
            "builtin grammar parameter is not name=value: '" + clip(pair) + "'");
      }
      params.put(
          pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
    }
    BuiltinGrammar g = new BuiltinGrammar(mode, type, params);
    if (g.isDtmfDigits() || g.type().equals("digits")) {
      int min = g.minLength();
      int max = g.maxLength();
      if (min > max) {
        throw new GrammarException("builtin:dtmf/digits minlength " + min + " > maxlength " + max);
      }
    }
    return g;
  }

  public boolean isDtmf() {
    return mode.equals("dtmf");
  }

  public boolean isDtmfDigits() {
    return isDtmf() && type.equals("digits");
  }

  public boolean isTranscribe() {
    return mode.equals("speech") && (type.equals("transcribe") || type.equals("dictation"));
  }

  public boolean isBoolean() {
    return type.equals("boolean");
  }

  /** Fewest digits accepted: {@code length}, else {@code minlength}, else 1. */
  public int minLength() throws GrammarException {
    return intParam("length", intParam("minlength", 1));
  }

  /** Most digits accepted: {@code length}, else {@code maxlength}, else {@link #MAX_DIGITS}. */
  public int maxLength() throws GrammarException {
    return intParam("length", intParam("maxlength", MAX_DIGITS));
  }

  /** Whether a digit string (0-9, *, #, A-D) satisfies a builtin:dtmf/digits grammar. */
  public boolean acceptsDigits(String digits) throws GrammarException {
    if (!isDtmfDigits() || !digits.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return digits.length() >= minLength() && digits.length() <= maxLength();
  }

  /**
   * Whether spoken input can match: speech and grammar mode (boolean, digits, number, transcribe).
   */
  public boolean acceptsSpeech() {
    return !isDtmf()
        && (isTranscribe() || isBoolean() || type.equals("digits") || type.equals("number"));
  }

  /**
   * Whether DTMF can match: dtmf mode (digits, number, boolean), and builtin:grammar/boolean, which
   * FreeSWITCH sends for both (VoiceXML's boolean takes 1 for yes and 2 for no).
   */
  public boolean acceptsDtmf() {
    return (isDtmf() && (type.equals("digits") || type.equals("number") || isBoolean()))
        || (mode.equals("grammar") && (isBoolean() || type.equals("digits")));
  }

  /**
   * How spoken words match (VoiceXML 2.0 appendix P semantics): boolean gives "true"/"false",
   * digits the digit string (within its lengths), number the number, transcription the words.
   */
  public GrammarMatcher.Match matchSpeech(String heard) {
    if (isTranscribe()) {
      return heard.isBlank() ? NONE : complete(heard.trim(), true);
    }
    if (isBoolean()) {
      String h = Phrase.normalize(heard);
      for (Phrase p : booleanPhrases()) {
        if (p.text().equals(h)) {
          return complete(p.semantic(), false);
        }
      }
      return NONE;
    }
    if (type.equals("digits")) {
      String d = EnglishNumbers.digits(heard);
      return d == null ? NONE : byLength(d);
    }
    if (type.equals("number")) {
      String n = EnglishNumbers.number(heard);
      return n == null ? NONE : complete(n, true);
    }
    return NONE;
  }

  /**
   * How DTMF keys match: digits by length (complete between minlength and maxlength, a prefix
   * below), number as digits with at most one {@code *} for the decimal point, boolean {@code 1}
   * (or {@code y=}) true and {@code 2} (or {@code n=}) false.
   */
  public GrammarMatcher.Match matchDtmf(String keys) {
    if (isBoolean()) {
      String y = parameters.getOrDefault("y", "1");
      String n = parameters.getOrDefault("n", "2");
      if (keys.equals(y)) {
        return complete("true", false);
      }
      if (keys.equals(n)) {
        return complete("false", false);
      }
      return keys.isEmpty() ? PREFIX : NONE;
    }
    if (type.equals("digits")) {
      if (!keys.chars().allMatch(Character::isDigit)) {
        return NONE;
      }
      return keys.isEmpty() ? PREFIX : byLength(keys);
    }
    if (type.equals("number")) {
      if (keys.isEmpty()) {
        return PREFIX;
      }
      int stars = (int) keys.chars().filter(c -> c == '*').count();
      boolean digitsOnly = keys.chars().allMatch(c -> Character.isDigit(c) || c == '*');
      if (!digitsOnly || stars > 1 || keys.length() > MAX_DIGITS) {
        return NONE;
      }
      if (keys.endsWith("*") || keys.startsWith("*")) {
        return PREFIX;
      }
      return complete(keys.replace('*', '.'), keys.length() < MAX_DIGITS);
    }
    return NONE;
  }

  private static final GrammarMatcher.Match NONE =
      new GrammarMatcher.Match(GrammarMatcher.Status.NONE, false, null, 0);
  private static final GrammarMatcher.Match PREFIX =
      new GrammarMatcher.Match(GrammarMatcher.Status.PREFIX, true, null, 0);

  private static GrammarMatcher.Match complete(String value, boolean canExtend) {
    return new GrammarMatcher.Match(
        GrammarMatcher.Status.COMPLETE, canExtend, new Semantics.Value(value, false), 1.0);
  }

  /** A digit string against the length limits (which parse() has checked). */
  private GrammarMatcher.Match byLength(String digits) {
    int min;
    int max;
    try {
      min = minLength();
      max = maxLength();
    } catch (GrammarException e) {
      return NONE;
    }
    if (digits.length() < min) {
      return PREFIX;
    }
    if (digits.length() > max) {
      return NONE;
    }
    return complete(digits, digits.length() < max);
  }

  /** The phrases of a boolean grammar, with their semantic value. */
  public List<Phrase> booleanPhrases() {
    return List.of(
        new Phrase("yes", "true", 1),
        new Phrase("yeah", "true", 1),
        new Phrase("correct", "true", 1),
        new Phrase("right", "true", 1),
        new Phrase("true", "true", 1),
        new Phrase("no", "false", 1),
        new Phrase("nope", "false", 1),
        new Phrase("wrong", "false", 1),
        new Phrase("false", "false", 1));
  }

  private int intParam(String name, int dflt) throws GrammarException {
    String v = parameters.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > MAX_DIGITS) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new GrammarException(
          "builtin grammar parameter "
              + name
              + " must be 1 to "
              + MAX_DIGITS
              + ": '"
              + clip(v)
              + "'");
    }
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
