package io.mrcpj.asr.vosk;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the Vosk engine. Settings (all optional):
 *
 * <ul>
 *   <li>{@code model-path}: a Vosk model folder to use instead of the bundled English one;
 *   <li>{@code cache-dir}: where the bundled model is unpacked (default {@code ~/.cache/mrcpj});
 *   <li>{@code workers}: recognition threads (default: the number of cores);
 *   <li>{@code language}: the model's language tag (default {@code en-US});
 *   <li>{@code max-queued-seconds}: audio a stream may have waiting before it fails (default 30).
 * </ul>
 */
public final class VoskEngineProvider implements RecognitionEngineProvider {

  /**
   * The folder of the bundled English model, unpacked to the default cache folder if it is not
   * there yet (for tools that drive the Vosk library directly).
   */
  public static Path bundledModel() throws IOException {
    return BundledModel.unpack(BundledModel.defaultCacheRoot());
  }

  @Override
  public String name() {
    return VoskEngine.NAME;
  }

  @Override
  public RecognitionEngine create(Map<String, String> settings) throws EngineException {
    Path model;
    try {
      String configured = settings.get("model-path");
      if (configured != null && !configured.isBlank()) {
        model = Path.of(configured);
        if (!Files.isDirectory(model)) {
          throw new EngineException(
              EngineException.Kind.ENGINE_FAILURE, "Vosk model-path is not a folder: " + model);
        }
      } else {
        String cache = settings.get("cache-dir");
        model =
            BundledModel.unpack(
                cache != null && !cache.isBlank()
                    ? Path.of(cache)
                    : BundledModel.defaultCacheRoot());
      }
    } catch (IOException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "cannot prepare the Vosk model: " + e, e);
    }
    int workers =
        intSetting(settings, "workers", Runtime.getRuntime().availableProcessors(), 1, 256);
    int maxQueuedSeconds = intSetting(settings, "max-queued-seconds", 30, 1, 3600);
    String language = settings.getOrDefault("language", "en-US");
    return new VoskEngine(model, language, workers, maxQueuedSeconds);
  }

  private static int intSetting(Map<String, String> s, String key, int dflt, int min, int max)
      throws EngineException {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException("out of range");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "Vosk setting " + key + " must be a whole number from " + min + " to " + max + ": " + v);
    }
  }
}
