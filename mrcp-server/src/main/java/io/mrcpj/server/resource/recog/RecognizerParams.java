package io.mrcpj.server.resource.recog;

import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.StatusCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The recognizer's session parameters (RFC 6787 sections 6.1.1, 6.1.2 and 9.4): what SET-PARAMS
 * sets and GET-PARAMS reads, and what a RECOGNIZE overrides for itself. Immutable; {@link #with}
 * makes the changed copy.
 *
 * <p>A header value that does not parse gets 404 (illegal value); one that parses but is beyond
 * what this server does gets 409 (unsupported value), e.g. {@code Confidence-Threshold: 1.5} or a
 * language no engine has; a known header this resource does not support gets 403. When several
 * apply the answer is 404, else 403, else 409, and it echoes the offending headers as sent (section
 * 6.1.1). A value above 1 and up to 100 for a 0.0-1.0 header is read as a percentage, as MRCPv1
 * clients send them.
 *
 * @param values every parameter by its header name as written in RFC 6787, formatted for the wire
 */
record RecognizerParams(Map<String, String> values) {

  /** Longest timeout accepted, in ms (one hour). */
  static final long MAX_TIMEOUT_MILLIS = 3_600_000;

  /** Most N-best hypotheses asked of an engine; larger requests are clamped (section 9.4.4). */
  static final int MAX_N_BEST = 20;

  // Header names (RFC 6787 section 9.4 and 6.2).
  static final String CONFIDENCE_THRESHOLD = "Confidence-Threshold";
  static final String SENSITIVITY_LEVEL = "Sensitivity-Level";
  static final String SPEED_VS_ACCURACY = "Speed-Vs-Accuracy";
  static final String N_BEST_LIST_LENGTH = "N-Best-List-Length";
  static final String NO_INPUT_TIMEOUT = "No-Input-Timeout";
  static final String RECOGNITION_TIMEOUT = "Recognition-Timeout";
  static final String SPEECH_COMPLETE_TIMEOUT = "Speech-Complete-Timeout";
  static final String SPEECH_INCOMPLETE_TIMEOUT = "Speech-Incomplete-Timeout";
  static final String DTMF_INTERDIGIT_TIMEOUT = "DTMF-Interdigit-Timeout";
  static final String DTMF_TERM_TIMEOUT = "DTMF-Term-Timeout";
  static final String DTMF_TERM_CHAR = "DTMF-Term-Char";
  static final String DTMF_BUFFER_TIME = "DTMF-Buffer-Time";
  static final String SPEECH_LANGUAGE = "Speech-Language";
  static final String SAVE_WAVEFORM = "Save-Waveform";
  static final String MEDIA_TYPE = "Media-Type";
  static final String HOTWORD_MIN_DURATION = "Hotword-Min-Duration";
  static final String HOTWORD_MAX_DURATION = "Hotword-Max-Duration";
  static final String VENDOR_SPECIFIC_PARAMETERS = "Vendor-Specific-Parameters";
  static final String FETCH_TIMEOUT = "Fetch-Timeout";
  static final String LOGGING_TAG = "Logging-Tag";
  static final String CACHE_CONTROL = "Cache-Control";
  static final String SET_COOKIE = "Set-Cookie";

  /** Headers a recognizer knows but does not support (no enrollment, verifier or context block). */
  static final Set<String> UNSUPPORTED =
      lower(
          "Input-Waveform-URI",
          "Recognizer-Context-Block",
          "Ver-Buffer-Utterance",
          "Num-Min-Consistent-Pronunciations",
          "Consistency-Threshold",
          "Clash-Threshold",
          "Personal-Grammar-URI",
          "Enroll-Utterance",
          "Phrase-ID",
          "Phrase-NL",
          "Weight",
          "Save-Best-Waveform",
          "New-Phrase-ID",
          "Confusable-Phrases-URI",
          "Abort-Phrase-Enrollment");

  /** One settable parameter: how its value is checked and written. */
  private record Setting(String name, Parser parser) {}

  /** Checks a value and returns it as it will be stored and sent back. */
  @FunctionalInterface
  private interface Parser {
    String parse(String value, Predicate<String> languages) throws Problem;
  }

  /** What is wrong with one header: its status and why. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;
    final StatusCode status;

    Problem(StatusCode status, String why) {
      super(why, null, false, false);
      this.status = status;
    }
  }

  private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

  static {
    for (Setting s :
        List.of(
            new Setting(CONFIDENCE_THRESHOLD, RecognizerParams::fraction),
            new Setting(SENSITIVITY_LEVEL, RecognizerParams::fraction),
            new Setting(SPEED_VS_ACCURACY, RecognizerParams::fraction),
            new Setting(N_BEST_LIST_LENGTH, (v, l) -> Long.toString(count(v))),
            new Setting(NO_INPUT_TIMEOUT, RecognizerParams::millis),
            new Setting(RECOGNITION_TIMEOUT, RecognizerParams::millis),
            new Setting(SPEECH_COMPLETE_TIMEOUT, RecognizerParams::millis),
            new Setting(SPEECH_INCOMPLETE_TIMEOUT, RecognizerParams::millis),
            new Setting(DTMF_INTERDIGIT_TIMEOUT, RecognizerParams::millis),
            new Setting(DTMF_TERM_TIMEOUT, RecognizerParams::millis),
            new Setting(DTMF_TERM_CHAR, RecognizerParams::termChar),
            new Setting(DTMF_BUFFER_TIME, RecognizerParams::millis),
            new Setting(SPEECH_LANGUAGE, RecognizerParams::language),
            new Setting(SAVE_WAVEFORM, (v, l) -> bool(v)),
            new Setting(MEDIA_TYPE, (v, l) -> mediaType(v)),
            new Setting(HOTWORD_MIN_DURATION, RecognizerParams::millis),
            new Setting(HOTWORD_MAX_DURATION, RecognizerParams::millis),
            new Setting(VENDOR_SPECIFIC_PARAMETERS, (v, l) -> vendor(v)),
            new Setting(FETCH_TIMEOUT, RecognizerParams::millis),
            new Setting(LOGGING_TAG, (v, l) -> v.trim()),
            new Setting(CACHE_CONTROL, (v, l) -> v.trim()),
            new Setting(SET_COOKIE, (v, l) -> v.trim()))) {
      SETTINGS.put(s.name().toLowerCase(Locale.ROOT), s);
    }
  }

  RecognizerParams {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The server's defaults (from its configuration), every settable parameter present. */
  static RecognizerParams defaults(RecognizerDefaults d) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(CONFIDENCE_THRESHOLD, fmt(d.confidenceThreshold()));
    v.put(SENSITIVITY_LEVEL, "0.5");
    v.put(SPEED_VS_ACCURACY, "0.5");
    v.put(N_BEST_LIST_LENGTH, Integer.toString(d.nBest()));
    v.put(NO_INPUT_TIMEOUT, Long.toString(d.noInputTimeoutMillis()));
    v.put(RECOGNITION_TIMEOUT, Long.toString(d.recognitionTimeoutMillis()));
    v.put(SPEECH_COMPLETE_TIMEOUT, Long.toString(d.speechCompleteTimeoutMillis()));
    v.put(SPEECH_INCOMPLETE_TIMEOUT, Long.toString(d.speechIncompleteTimeoutMillis()));
    v.put(DTMF_INTERDIGIT_TIMEOUT, Long.toString(d.dtmfInterdigitTimeoutMillis()));
    v.put(DTMF_TERM_TIMEOUT, Long.toString(d.dtmfTermTimeoutMillis()));
    v.put(DTMF_TERM_CHAR, "");
    v.put(DTMF_BUFFER_TIME, Long.toString(d.dtmfBufferTimeMillis()));
    v.put(SPEECH_LANGUAGE, d.language());
    v.put(SAVE_WAVEFORM, "false");
    v.put(MEDIA_TYPE, "audio/x-wav");
    v.put(HOTWORD_MIN_DURATION, "0");
    v.put(HOTWORD_MAX_DURATION, Long.toString(d.recognitionTimeoutMillis()));
    v.put(VENDOR_SPECIFIC_PARAMETERS, "");
    v.put(FETCH_TIMEOUT, Long.toString(d.fetchTimeoutMillis()));
    v.put(LOGGING_TAG, "");
    v.put(CACHE_CONTROL, "");
    v.put(SET_COOKIE, "");
    return new RecognizerParams(v);
  }

  /** Whether {@code name} is a parameter SET-PARAMS may set. */
  static boolean settable(String name) {
    return SETTINGS.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /**
   * These parameters with the settable headers of {@code headers} applied; other headers are left
   * to the caller. Vendor-Specific-Parameters are merged name by name.
   *
   * @param languages which Speech-Language values an engine serves
   * @throws Rejection when a value is illegal (404) or unsupported (409)
   */
  RecognizerParams with(MrcpHeaders headers, Predicate<String> languages) throws Rejection {
    Map<String, String> v = new LinkedHashMap<>(values);
    Rejection.Builder problems = new Rejection.Builder();
    for (MrcpHeaders.Header h : headers.all()) {
      Setting s = SETTINGS.get(h.name().toLowerCase(Locale.ROOT));
      if (s == null) {
        continue;
      }
      try {
        String parsed = s.parser().parse(h.value(), languages);
        if (s.name().equals(VENDOR_SPECIFIC_PARAMETERS)) {
          Map<String, String> merged = new LinkedHashMap<>(vendorParameters());
          merged.putAll(parseVendor(parsed));
          parsed = formatVendor(merged);
        }
        v.put(s.name(), parsed);
      } catch (Problem p) {
        problems.add(p.status, h, p.getMessage());
      }
    }
    problems.throwIfAny();
    return new RecognizerParams(v);
  }

  /**
   * The GET-PARAMS answer (section 6.1.2): every parameter when {@code asked} has none of ours,
   * else the ones asked for; for Vendor-Specific-Parameters the names listed in its value.
   *
   * @return header name -> value, in the order asked
   */
  Map<String, String> get(List<String> asked, String vendorNames) {
    if (asked.isEmpty()) {
      Map<String, String> all = new LinkedHashMap<>(values);
      all.values().removeIf(String::isEmpty);
      return all;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : asked) {
      Setting s = SETTINGS.get(name.toLowerCase(Locale.ROOT));
      if (s.name().equals(VENDOR_SPECIFIC_PARAMETERS) && !vendorNames.isBlank()) {
        Map<String, String> picked = new LinkedHashMap<>();
        for (String n : vendorNames.split("[;,]")) {
          String key = n.trim();
          String val = vendorParameters().get(key);
          if (!key.isEmpty() && val != null) {
            picked.put(key, val);
          }
        }
        out.put(s.name(), formatVendor(picked));
      } else {
        out.put(s.name(), values.get(s.name()));
      }
    }
    return out;
  }

  String text(String name) {
    return values.get(name);
  }

  long millis(String name) {
    return Long.parseLong(values.get(name));
  }

  float fraction(String name) {
    return Float.parseFloat(values.get(name));
  }

  int nBest() {
    return (int) Math.min(MAX_N_BEST, Long.parseLong(values.get(N_BEST_LIST_LENGTH)));
  }

  boolean saveWaveform() {
    return Boolean.parseBoolean(values.get(SAVE_WAVEFORM));
  }

  /** The DTMF term char, or 0 when none is set. */
  char termChar() {
    String t = values.get(DTMF_TERM_CHAR);
    return t.isEmpty() ? 0 : t.charAt(0);
  }

  Map<String, String> vendorParameters() {
    return parseVendor(values.get(VENDOR_SPECIFIC_PARAMETERS));
  }

  // ---------------------------------------------------------------- value parsers

  private static String fraction(String v, Predicate<String> languages) throws Problem {
    float f;
    try {
      f = Float.parseFloat(v.trim());
    } catch (NumberFormatException e) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "not a number");
    }
    if (f > 1f && f <= 100f) {
      f /= 100f; // an MRCPv1-style percentage
    }
    if (!(f >= 0f && f <= 1f)) {
      throw new Problem(StatusCode.UNSUPPORTED_HEADER_VALUE, "must be 0.0-1.0");
    }
    return fmt(f);
  }

  private static String millis(String v, Predicate<String> languages) throws Problem {
    long n = number(v);
    if (n > MAX_TIMEOUT_MILLIS) {
      throw new Problem(
          StatusCode.UNSUPPORTED_HEADER_VALUE, "more than " + MAX_TIMEOUT_MILLIS + " ms");
    }
    return Long.toString(n);
  }

  private static long count(String v) throws Problem {
    long n = number(v);
    if (n < 1) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "must be at least 1");
    }
    return n;
  }

  private static long number(String v) throws Problem {
    String t = v.trim();
    if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "not a whole number of ms");
    }
    return Long.parseLong(t);
  }

  private static String termChar(String v, Predicate<String> languages) throws Problem {
    String t = v.trim();
    if (t.isEmpty() || t.equalsIgnoreCase("none")) {
      return "";
    }
    if (t.length() != 1) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "must be one character");
    }
    if ("0123456789*#ABCDabcd".indexOf(t.charAt(0)) < 0) {
      throw new Problem(StatusCode.UNSUPPORTED_HEADER_VALUE, "not a DTMF key");
    }
    return t.toUpperCase(Locale.ROOT);
  }

  private static String language(String v, Predicate<String> languages) throws Problem {
    String t = v.trim();
    if (!t.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "not a language tag");
    }
    if (!languages.test(t)) {
      throw new Problem(StatusCode.UNSUPPORTED_HEADER_VALUE, "no engine for language " + t);
    }
    return t;
  }

  private static String bool(String v) throws Problem {
    String t = v.trim();
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return t.toLowerCase(Locale.ROOT);
    }
    throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "not true or false");
  }

  private static String mediaType(String v) throws Problem {
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (!t.matches("[a-z0-9.+-]+/[a-z0-9.+-]+(\\s*;.*)?")) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "not a media type");
    }
    String base = t.split(";", 2)[0].trim();
    if (!base.equals("audio/x-wav") && !base.equals("audio/wav") && !base.equals("audio/wave")) {
      throw new Problem(StatusCode.UNSUPPORTED_HEADER_VALUE, "waveforms are saved as audio/x-wav");
    }
    return base;
  }

  private static String vendor(String v) throws Problem {
    Map<String, String> m = parseVendor(v);
    if (m.isEmpty() && !v.isBlank()) {
      throw new Problem(StatusCode.ILLEGAL_HEADER_VALUE, "not name=value pairs");
    }
    return formatVendor(m);
  }

  /** {@code a=1;b="x y"} (section 6.2.16); {@code ,} is accepted as a separator too. */
  static Map<String, String> parseVendor(String v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    for (String part : v.split("[;,]")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0 || out.size() >= 64) {
        continue;
      }
      String val = p.substring(eq + 1).trim();
      if (val.length() >= 2 && val.startsWith("\"") && val.endsWith("\"")) {
        val = val.substring(1, val.length() - 1);
      }
      out.put(p.substring(0, eq).trim(), val);
    }
    return out;
  }

  static String formatVendor(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, val) -> parts.add(k + "=\"" + val.replace("\"", "") + "\""));
    return String.join(";", parts);
  }

  private static String fmt(double f) {
    return String.format(Locale.ROOT, "%.2f", f).replaceAll("0$", "");
  }

  private static Set<String> lower(String... names) {
    Set<String> s = new java.util.HashSet<>();
    for (String n : names) {
      s.add(n.toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(s);
  }
}
