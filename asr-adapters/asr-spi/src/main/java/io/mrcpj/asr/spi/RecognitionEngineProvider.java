package io.mrcpj.asr.spi;

import java.util.Map;

/**
 * Makes an engine; found with {@link java.util.ServiceLoader} (list the implementation in {@code
 * META-INF/services/io.mrcpj.asr.spi.RecognitionEngineProvider}).
 */
public interface RecognitionEngineProvider {

  /** The name the server's configuration selects the engine by. */
  String name();

  /**
   * Loads the engine. Slow work (loading a model) happens here, at server start, not per call.
   *
   * @param settings the engine's section of the server configuration
   */
  RecognitionEngine create(Map<String, String> settings) throws EngineException;
}
