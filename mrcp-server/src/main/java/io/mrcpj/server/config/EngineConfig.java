package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Recognition engine settings.
 *
 * @param name the default engine (default {@code vosk})
 * @param settings per engine name, that engine's settings (passed to its provider as is)
 */
public record EngineConfig(
    @JsonProperty("default") String name,
    @JsonProperty("settings") Map<String, Map<String, String>> settings) {

  public EngineConfig {
    name = ServerConfig.notBlank("engine.default", name, "vosk");
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /** The settings of one engine, empty when none are configured. */
  public Map<String, String> settingsOf(String engine) {
    Map<String, String> s = settings.get(engine);
    return s == null ? Map.of() : Map.copyOf(s);
  }
}
