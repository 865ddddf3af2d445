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

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EngineLoader.class);

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
   * <p>An engine other than the default whose provider fails (missing credentials, a bad setting)
   * does not stop the start: it is logged and replaced by a stand-in whose recognitions fail with
   * 006 recognizer-error naming the reason.
   *
   * @throws EngineException when no provider has a listed name, the default engine's provider fails
   *     (a missing or corrupt model), or the engines want different sample rates: the message says
   *     which. What was loaded before the failure is closed again.
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
        try {
          engines.add(p.create(config.settingsOf(p.name())));
        } catch (EngineException | RuntimeException e) {
          if (engines.isEmpty()) {
            throw e; // the default engine: nothing to serve without it
          }
          // another engine: the server still starts; recognitions that pick it get 006 saying why
          log.warn(
              "engine {} is not available, recognitions that select it will fail: {}",
              name,
              e.getMessage());
          engines.add(
              new UnavailableEngine(
                  name, String.valueOf(e.getMessage()), engines.get(0).sampleRate()));
        }
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
