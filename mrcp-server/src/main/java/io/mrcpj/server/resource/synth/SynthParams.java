package io.mrcpj.server.resource.synth;

import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A synthesizer channel's parameters (RFC 6787 sections 8.4 and 6.2): what SET-PARAMS stored,
 * overlaid per SPEAK by the request's own headers. Immutable; {@link #with} checks the values.
 *
 * <p>Settable here: Voice-Gender, Voice-Age, Voice-Variant, Voice-Name, Prosody-Rate,
 * Prosody-Volume, Speech-Language, Kill-On-Barge-In, Fetch-Timeout and Vendor-Specific-Parameters
 * (an {@code engine=NAME} entry picks the synthesis engine).
 */
final class SynthParams {

  static final List<String> SETTABLE =
      List.of(
          "Voice-Gender",
          "Voice-Age",
          "Voice-Variant",
          "Voice-Name",
          "Prosody-Rate",
          "Prosody-Volume",
          "Speech-Language",
          "Kill-On-Barge-In",
          "Fetch-Timeout",
          "Vendor-Specific-Parameters");

  /** The Vendor-Specific-Parameters name that picks an engine. */
  static final String ENGINE = "engine";

  /** Headers that were wrong: answered with {@link #status} echoing them. */
  static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;
    final StatusCode status;
    final transient List<MrcpHeaders.Header> echoed;

    Bad(StatusCode status, List<MrcpHeaders.Header> echoed, String reason) {
      super(reason, null, false, false);
      this.status = status;
      this.echoed = List.copyOf(echoed);
    }

    MrcpResponse answer(MrcpRequest request) {
      MrcpResponse.Builder b = MrcpResponse.to(request, status, RequestState.COMPLETE);
      echoed.forEach(h -> b.header(h.name(), h.value()));
      return b.build();
    }
  }

  private final Map<String, MrcpHeaders.Header> values; // lower-case name -> as set
  private final String defaultLanguage;
  private final String defaultVoice;

  private SynthParams(
      Map<String, MrcpHeaders.Header> values, String defaultLanguage, String defaultVoice) {
    this.values = values;
    this.defaultLanguage = defaultLanguage;
    this.defaultVoice = defaultVoice;
  }

  static SynthParams defaults(String language, String voice) {
    return new SynthParams(Map.of(), language, voice);
  }

  static boolean settable(String name) {
    for (String s : SETTABLE) {
      if (s.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * These parameters with the settable headers of {@code headers} on top.
   *
   * @throws Bad 404 echoing every header whose value is not valid
   */
  SynthParams with(MrcpHeaders headers) throws Bad {
    Map<String, MrcpHeaders.Header> next = new LinkedHashMap<>(values);
    List<MrcpHeaders.Header> bad = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (MrcpHeaders.Header h : headers.all()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (!settable(name)) {
        continue;
      }
      String problem = check(name, h.value().trim());
      if (problem != null) {
        bad.add(h);
        why.add(h.name() + ": " + problem);
      } else {
        next.put(name, new MrcpHeaders.Header(canonical(name), h.value().trim()));
      }
    }
    if (!bad.isEmpty()) {
      throw new Bad(StatusCode.ILLEGAL_HEADER_VALUE, bad, String.join("; ", why));
    }
    return new SynthParams(Map.copyOf(next), defaultLanguage, defaultVoice);
  }

  private static String canonical(String lower) {
    for (String s : SETTABLE) {
      if (s.equalsIgnoreCase(lower)) {
        return s;
      }
    }
    return lower;
  }

  private static String check(String name, String v) {
    return switch (name) {
      case "voice-gender" ->
          v.equalsIgnoreCase("male")
                  || v.equalsIgnoreCase("female")
                  || v.equalsIgnoreCase("neutral")
              ? null
              : "must be male, female or neutral";
      case "voice-age" -> number(v, 0, 200) ? null : "must be an age in years (0-200)";
      case "voice-variant" -> number(v, 0, 1_000_000) ? null : "must be a number";
      case "voice-name" -> v.isEmpty() ? "must not be empty" : null;
      case "prosody-rate" -> Prosody.rate(v).isPresent() ? null : "not a rate";
      case "prosody-volume" -> Prosody.volume(v).isPresent() ? null : "not a volume";
      case "speech-language" ->
          v.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*") ? null : "not a language tag";
      case "kill-on-barge-in" ->
          v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
              ? null
              : "must be true or false";
      case "fetch-timeout" -> number(v, 0, 3_600_000) ? null : "must be milliseconds";
      case "vendor-specific-parameters" -> vendor(v) == null ? "must be name=value;..." : null;
      default -> null;
    };
  }

  private static boolean number(String v, long min, long max) {
    try {
      long n = Long.parseLong(v);
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Map<String, String> vendor(String v) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : v.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return m;
  }

  private Optional<String> value(String lower) {
    MrcpHeaders.Header h = values.get(lower);
    return h == null ? Optional.empty() : Optional.of(h.value());
  }

  Optional<String> gender() {
    return value("voice-gender").map(v -> v.toLowerCase(Locale.ROOT));
  }

  Optional<Integer> age() {
    return value("voice-age").map(Integer::parseInt);
  }

  /** Voice-Variant: which of the voices that fit to take (1 = the first); 0 when not set. */
  int variant() {
    return value("voice-variant").map(Integer::parseInt).orElse(0);
  }

  /** Voice-Name, unless it is {@code default} (as mod_unimrcp sends when none is configured). */
  Optional<String> voiceName() {
    return value("voice-name").filter(v -> !v.equalsIgnoreCase("default"));
  }

  /** Speech-Language when it was set. */
  Optional<String> language() {
    return value("speech-language");
  }

  Optional<Double> rate() {
    return value("prosody-rate").flatMap(Prosody::rate);
  }

  Optional<Double> volume() {
    return value("prosody-volume").flatMap(Prosody::volume);
  }

  /** Kill-On-Barge-In (section 8.4.2); true unless set false. */
  boolean killOnBargeIn() {
    return value("kill-on-barge-in").map(v -> !v.equalsIgnoreCase("false")).orElse(true);
  }

  /** Fetch-Timeout in milliseconds, or {@code fallback}. */
  long fetchTimeout(long fallback) {
    return value("fetch-timeout").map(Long::parseLong).orElse(fallback);
  }

  Map<String, String> vendor() {
    Map<String, String> m =
        value("vendor-specific-parameters").map(SynthParams::vendor).orElse(null);
    return m == null ? Map.of() : Map.copyOf(m);
  }

  /**
   * The values GET-PARAMS reports for {@code names} (all settable ones when empty): what was set,
   * else the default where there is one, else an empty value.
   */
  List<MrcpHeaders.Header> get(List<String> names) {
    List<String> asked = names.isEmpty() ? SETTABLE : names;
    List<MrcpHeaders.Header> out = new ArrayList<>();
    for (String n : asked) {
      String lower = n.toLowerCase(Locale.ROOT);
      MrcpHeaders.Header h = values.get(lower);
      if (h != null) {
        out.add(h);
        continue;
      }
      String d =
          switch (lower) {
            case "speech-language" -> defaultLanguage;
            case "voice-name" -> defaultVoice;
            case "kill-on-barge-in" -> "true";
            case "prosody-rate", "prosody-volume" -> "medium";
            default -> null;
          };
      if (d != null || !names.isEmpty()) {
        out.add(new MrcpHeaders.Header(canonical(lower), d == null ? "" : d));
      }
    }
    return out;
  }
}
