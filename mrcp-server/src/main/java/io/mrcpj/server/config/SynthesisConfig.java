package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speech synthesis (the speechsynth resource) settings.
 *
 * @param enabled whether the server offers speechsynth at all (default true)
 * @param name the default synthesis engine (default {@code freetts}, embedded, no set-up)
 * @param load the engines to load, which a SPEAK may pick by Voice-Name or by the
 *     Vendor-Specific-Parameters entry {@code engine=<name>} (default: only the default engine)
 * @param language the Speech-Language of a SPEAK that names none (default {@code en-US})
 * @param maxSpeakSeconds the longest audio one SPEAK may make; a longer one ends with 004 (default
 *     600)
 * @param settings per engine name, that engine's settings (passed to its provider as is)
 */
public record SynthesisConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("default") String name,
    @JsonProperty("load") List<String> load,
    @JsonProperty("language") String language,
    @JsonProperty("max-speak-seconds") Integer maxSpeakSeconds,
    @JsonProperty("settings") Map<String, Map<String, String>> settings) {

  /** The embedded default engine (tts-freetts). */
  public static final String FREETTS = "freetts";

  public SynthesisConfig {
    enabled = enabled == null || enabled;
    name = ServerConfig.notBlank("synthesis.default", name, FREETTS).toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    names.add(name);
    for (String n : load == null ? List.<String>of() : load) {
      String lower =
          ServerConfig.notBlank("synthesis.load", n == null ? "" : n, null)
              .toLowerCase(Locale.ROOT);
      if (!names.contains(lower)) {
        names.add(lower);
      }
    }
    load = List.copyOf(names);
    language = ServerConfig.notBlank("synthesis.language", language, "en-US");
    if (!language.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
      throw new IllegalArgumentException(
          "synthesis.language must be a language tag such as en-US, not " + language);
    }
    maxSpeakSeconds =
        ServerConfig.within("synthesis.max-speak-seconds", maxSpeakSeconds, 600, 1, 86_400);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /** All defaults. */
  public static SynthesisConfig defaults() {
    return new SynthesisConfig(null, null, null, null, null, null);
  }

  /** The settings of one engine, empty when none are configured. */
  public Map<String, String> settingsOf(String engine) {
    Map<String, String> s = settings.get(engine);
    return s == null ? Map.of() : Map.copyOf(s);
  }
}
