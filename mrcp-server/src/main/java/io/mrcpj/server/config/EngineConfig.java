package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recognition engine settings.
 *
 * @param name the default engine (default {@code vosk})
 * @param load the engines to load, which a recognition may pick by the Vendor-Specific-Parameters
 *     entry {@code engine=<name>} (default: the default engine and {@code demo}); the default
 *     engine is always loaded
 * @param settings per engine name, that engine's settings (passed to its provider as is)
 * @param byLanguage per Speech-Language (a BCP 47 tag such as {@code de-DE}, or a primary language
 *     such as {@code de}), the engine recognitions in that language use when they name none; each
 *     engine named must be loaded (default: none, the default engine serves every language)
 */
public record EngineConfig(
    @JsonProperty("default") String name,
    @JsonProperty("load") List<String> load,
    @JsonProperty("settings") Map<String, Map<String, String>> settings,
    @JsonProperty("by-language") Map<String, String> byLanguage) {

  /** The demo engine (asr-demo), loaded beside the default unless {@code load} says otherwise. */
  public static final String DEMO = "demo";

  public EngineConfig {
    name = ServerConfig.notBlank("engine.default", name, "vosk").toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    names.add(name);
    for (String n : load == null ? List.of(DEMO) : load) {
      String lower =
          ServerConfig.notBlank("engine.load", n == null ? "" : n, null).toLowerCase(Locale.ROOT);
      if (!names.contains(lower)) {
        names.add(lower);
      }
    }
    load = List.copyOf(names);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    Map<String, String> lang = new java.util.TreeMap<>();
    if (byLanguage != null) {
      for (Map.Entry<String, String> e : byLanguage.entrySet()) {
        String tag = ServerConfig.notBlank("engine.by-language", e.getKey(), null);
        String engine =
            ServerConfig.notBlank(
                    "engine.by-language." + tag, e.getValue() == null ? "" : e.getValue(), null)
                .toLowerCase(Locale.ROOT);
        if (!names.contains(engine)) {
          throw new IllegalArgumentException(
              "engine.by-language."
                  + tag
                  + " names engine '"
                  + engine
                  + "', which engine.load does not load ("
                  + names
                  + ")");
        }
        lang.put(tag.toLowerCase(Locale.ROOT), engine);
      }
    }
    byLanguage = java.util.Collections.unmodifiableMap(lang);
  }

  public EngineConfig(String name, Map<String, Map<String, String>> settings) {
    this(name, null, settings);
  }

  public EngineConfig(String name, List<String> load, Map<String, Map<String, String>> settings) {
    this(name, load, settings, null);
  }

  /** The settings of one engine, empty when none are configured. */
  public Map<String, String> settingsOf(String engine) {
    Map<String, String> s = settings.get(engine);
    return s == null ? Map.of() : Map.copyOf(s);
  }
}
