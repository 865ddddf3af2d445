package io.mrcpj.tts.freetts;

import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisEngineProvider;
import io.mrcpj.tts.spi.SynthesisException;
import java.util.Map;

/**
 * Makes the {@code freetts} engine. Settings (all optional):
 *
 * <ul>
 *   <li>{@code voice}: {@code kevin16} (default, 16 kHz) or {@code kevin} (the same speaker at 8
 *       kHz; the engine then produces 8 kHz audio);
 *   <li>{@code threads}: syntheses at once, each with a voice of its own loaded at start (default
 *       2, 1-64);
 *   <li>{@code max-queued}: syntheses that may wait for a thread; beyond that a SPEAK fails at once
 *       (default 64, 0-100000).
 * </ul>
 *
 * Loading takes about half a second per thread (the voice and lexicon are read from the jar).
 */
public final class FreeTtsEngineProvider implements SynthesisEngineProvider {

  @Override
  public String name() {
    return FreeTtsEngine.NAME;
  }

  @Override
  public SynthesisEngine create(Map<String, String> settings) throws SynthesisException {
    return new FreeTtsEngine(FreeTtsSettings.parse(settings));
  }
}
