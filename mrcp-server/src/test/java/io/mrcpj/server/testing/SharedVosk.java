package io.mrcpj.server.testing;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The real Vosk engine with the bundled English model, loaded once per test JVM and shared by the
 * test classes (loading the model takes seconds). Tests check for leaks through the server's own
 * stream counters, not by closing the engine.
 */
public final class SharedVosk {

  private static RecognitionEngine engine;

  private SharedVosk() {}

  public static synchronized RecognitionEngine get() throws Exception {
    if (engine == null) {
      RecognitionEngineProvider provider =
          ServiceLoader.load(RecognitionEngineProvider.class).stream()
              .map(ServiceLoader.Provider::get)
              .filter(p -> p.name().equals("vosk"))
              .findFirst()
              .orElseThrow();
      engine =
          provider.create(
              Map.of("cache-dir", Path.of("target", "vosk-cache").toAbsolutePath().toString()));
    }
    return engine;
  }
}
