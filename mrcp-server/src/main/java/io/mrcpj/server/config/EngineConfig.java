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
 */
public record EngineConfig(
    @JsonProperty("default") String name,
    @JsonProperty("load") List<String> load,
    @JsonProperty("settings") Map<String, Map<String, String>> settings) {

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
  }

  public EngineConfig(String name, Map<String, Map<String, String>> settings) {
    this(name, null, settings);
  }

  /** The settings of one engine, empty when none are configured. */
  public Map<String, String> settingsOf(String engine) {
    Map<String, String> s = settings.get(engine);
    return s == null ? Map.of() : Map.copyOf(s);
  }
}
