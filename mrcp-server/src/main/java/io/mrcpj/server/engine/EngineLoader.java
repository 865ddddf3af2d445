package io.mrcpj.server.engine;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.server.config.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds recognition engines on the class path with {@link ServiceLoader} and loads one. */
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
   * Loads the configured default engine with its settings.
   *
   * @throws EngineException when no provider has that name, or the provider fails (a missing or
   *     corrupt model): the message says which
   */
  public static RecognitionEngine load(EngineConfig config) throws EngineException {
    for (RecognitionEngineProvider p : ServiceLoader.load(RecognitionEngineProvider.class)) {
      if (p.name().equalsIgnoreCase(config.name())) {
        return p.create(config.settingsOf(p.name()));
      }
    }
    throw new EngineException(
        EngineException.Kind.ENGINE_FAILURE,
        "no recognition engine named '" + config.name() + "' (available: " + available() + ")");
  }
}
