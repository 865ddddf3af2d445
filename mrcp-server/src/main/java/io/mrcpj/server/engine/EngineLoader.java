package io.mrcpj.server.engine;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.server.config.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds recognition engines on the class path with {@link ServiceLoader} and loads them. */
public final class EngineLoader {

  private EngineLoader() {}

  /** The names of the engine providers on the class path. */
  public static List<String> available() {
    List<String> names = new ArrayList<>();
    for (RecognitionEngineProvider p : ServiceLoader.load(RecognitionEngineProvider.class)) {
      names.add(p.name());
    }
    return names;
  }

  /**
   * Loads the engines of {@code engine.load} (the default one first) with their settings. With one
   * engine it is returned as is; with several, an {@link EngineSelector} that gives each
   * recognition the engine it names and owns them all. The demo engine is skipped when its provider
   * is not on the class path and nobody listed it explicitly.
   *
   * @throws EngineException when no provider has a listed name, a provider fails (a missing or
   *     corrupt model), or the engines want different sample rates: the message says which. What
   *     was loaded before the failure is closed again.
   */
  public static RecognitionEngine load(EngineConfig config) throws EngineException {
    List<RecognitionEngine> engines = new ArrayList<>();
    try {
      for (String name : config.load()) {
        RecognitionEngineProvider p = provider(name);
        if (p == null) {
          if (name.equals(EngineConfig.DEMO) && !config.name().equals(EngineConfig.DEMO)) {
            continue;
          }
          throw new EngineException(
              EngineException.Kind.ENGINE_FAILURE,
              "no recognition engine named '" + name + "' (available: " + available() + ")");
        }
        engines.add(p.create(config.settingsOf(p.name())));
      }
      return engines.size() == 1
          ? engines.get(0)
          : new EngineSelector(engines, config.byLanguage());
    } catch (EngineException | RuntimeException e) {
      engines.forEach(RecognitionEngine::close);
      throw e;
    }
  }

  private static RecognitionEngineProvider provider(String name) {
    for (RecognitionEngineProvider p : ServiceLoader.load(RecognitionEngineProvider.class)) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }
}
