package io.mrcpj.tts.spi;

import java.util.Map;

/**
 * Makes a synthesis engine; found with {@link java.util.ServiceLoader} (list the implementation in
 * {@code META-INF/services/io.mrcpj.tts.spi.SynthesisEngineProvider}).
 */
public interface SynthesisEngineProvider {

  /** The name the server's configuration selects the engine by (e.g. {@code freetts}). */
  String name();

  /**
   * Loads the engine. Slow work (loading voices, checking a program is installed) happens here, at
   * server start, not per request.
   *
   * @param settings the engine's section of the server configuration
   * @throws SynthesisException when the engine cannot run here; the message says why
   */
  SynthesisEngine create(Map<String, String> settings) throws SynthesisException;
}
