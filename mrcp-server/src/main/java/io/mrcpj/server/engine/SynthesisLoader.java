package io.mrcpj.server.engine;

import io.mrcpj.server.config.SynthesisConfig;
import io.mrcpj.server.resource.synth.SynthesisEngines;
import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisEngineProvider;
import io.mrcpj.tts.spi.SynthesisException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds synthesis engines on the class path with {@link ServiceLoader} and loads them. */
public final class SynthesisLoader {

  private static final Logger log = LoggerFactory.getLogger(SynthesisLoader.class);

  private SynthesisLoader() {}

  /** The names of the synthesis engine providers on the class path. */
  public static List<String> available() {
    List<String> names = new ArrayList<>();
    for (SynthesisEngineProvider p : ServiceLoader.load(SynthesisEngineProvider.class)) {
      names.add(p.name());
    }
    return names;
  }

  /**
   * Loads the engines of {@code synthesis.load} (the default one first) with their settings.
   *
   * @return the engines, or null when synthesis is disabled
   * @throws SynthesisException when no provider has a listed name or a provider fails (a program
   *     missing, a bad setting): the message says which. What was loaded before is closed again.
   */
  public static SynthesisEngines load(SynthesisConfig config) throws SynthesisException {
    if (!config.enabled()) {
      log.info("speech synthesis is off (synthesis.enabled: false)");
      return null;
    }
    Map<String, SynthesisEngine> engines = new LinkedHashMap<>();
    try {
      for (String name : config.load()) {
        SynthesisEngineProvider p = provider(name);
        if (p == null) {
          throw new SynthesisException(
              SynthesisException.Kind.ENGINE_FAILURE,
              "no synthesis engine named '" + name + "' (available: " + available() + ")");
        }
        SynthesisEngine e = p.create(config.settingsOf(p.name()));
        engines.put(name, e);
        log.info(
            "synthesis engine {} loaded: {} voice(s) at {} Hz",
            name,
            e.voices().size(),
            e.sampleRate());
      }
      return new SynthesisEngines(engines, config.name(), config.language());
    } catch (SynthesisException | RuntimeException e) {
      engines.values().forEach(SynthesisEngine::close);
      throw e;
    }
  }

  private static SynthesisEngineProvider provider(String name) {
    for (SynthesisEngineProvider p : ServiceLoader.load(SynthesisEngineProvider.class)) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }
}
