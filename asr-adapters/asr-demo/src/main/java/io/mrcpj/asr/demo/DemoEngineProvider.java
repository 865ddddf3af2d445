package io.mrcpj.asr.demo;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.util.Map;

/**
 * Makes the demo engine ({@code demo}). Settings (all optional):
 *
 * <ul>
 *   <li>{@code result}: the words it "recognizes" (default: the grammar's first phrase, or {@code
 *       demo} for free-form transcription);
 *   <li>{@code confidence}: the result's confidence, 0.0-1.0 (default 0.9);
 *   <li>{@code min-speech-ms}: how much audio above the level must arrive for a result; less gives
 *       an empty result, i.e. no-match (default 100);
 *   <li>{@code level-dbfs}: the level a 20 ms frame must reach to count (default -45);
 *   <li>{@code latency-ms}: delay between the end of input and the result (default 0);
 *   <li>{@code sample-rate}: 8000 or 16000 (default 16000, like Vosk, so both can be loaded).
 * </ul>
 *
 * <p>A recognition may override {@code result} and {@code confidence} with the
 * Vendor-Specific-Parameters {@code demo.result} and {@code demo.confidence}.
 */
public final class DemoEngineProvider implements RecognitionEngineProvider {

  @Override
  public String name() {
    return DemoEngine.NAME;
  }

  @Override
  public RecognitionEngine create(Map<String, String> settings) throws EngineException {
    int rate = intSetting(settings, "sample-rate", 16_000, 8_000, 16_000);
    if (rate != 8_000 && rate != 16_000) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "demo sample-rate must be 8000 or 16000: " + rate);
    }
    return new DemoEngine(
        new DemoEngine.Settings(
            settings.get("result"),
            floatSetting(settings, "confidence", 0.9f),
            intSetting(settings, "min-speech-ms", 100, 0, 60_000),
            intSetting(settings, "level-dbfs", -45, -96, 0),
            intSetting(settings, "latency-ms", 0, 0, 60_000),
            rate));
  }

  static int intSetting(Map<String, String> s, String key, int dflt, int min, int max)
      throws EngineException {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "demo " + key + " must be a whole number within " + min + "-" + max + ": " + v);
    }
  }

  static float floatSetting(Map<String, String> s, String key, float dflt) throws EngineException {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      float f = Float.parseFloat(v.strip());
      if (!(f >= 0f && f <= 1f)) {
        throw new NumberFormatException();
      }
      return f;
    } catch (NumberFormatException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "demo " + key + " must be within 0.0-1.0: " + v);
    }
  }
}
