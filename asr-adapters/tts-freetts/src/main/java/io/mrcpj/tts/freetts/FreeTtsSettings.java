package io.mrcpj.tts.freetts;

import io.mrcpj.tts.spi.EngineSettings;
import io.mrcpj.tts.spi.SynthesisException;
import java.util.Map;

/**
 * The {@code freetts} engine's settings, read and checked once when the engine is loaded: a bad
 * value is a {@link SynthesisException} naming the setting, never a failure at the first SPEAK.
 *
 * @param voice the voice the engine loads and speaks with
 * @param threads how many syntheses run at once; each has a voice of its own
 * @param maxQueued how many more may wait for a thread before a SPEAK is refused
 */
record FreeTtsSettings(KevinVoice voice, int threads, int maxQueued) {

  static final String VOICE = "voice";
  static final String THREADS = "threads";
  static final String MAX_QUEUED = "max-queued";

  /** Reads the settings; every key is optional. */
  static FreeTtsSettings parse(Map<String, String> values) throws SynthesisException {
    EngineSettings s = new EngineSettings(FreeTtsEngine.NAME, values);
    String name = s.text(VOICE, KevinVoice.KEVIN16.freeTtsName());
    KevinVoice voice =
        KevinVoice.named(name)
            .orElseThrow(() -> s.invalid(VOICE + " must be one of " + KevinVoice.names(), name));
    return new FreeTtsSettings(
        voice, s.integer(THREADS, 2, 1, 64), s.integer(MAX_QUEUED, 64, 0, 100_000));
  }
}
