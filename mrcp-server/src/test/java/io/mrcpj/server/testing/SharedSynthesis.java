package io.mrcpj.server.testing;

import io.mrcpj.server.config.SynthesisConfig;
import io.mrcpj.server.engine.SynthesisLoader;
import io.mrcpj.server.resource.synth.SynthesisEngines;

/**
 * The real synthesis engines a default server loads (FreeTTS with kevin16), loaded once per test
 * JVM and shared by the test classes, like {@link SharedVosk}.
 */
public final class SharedSynthesis {

  private static SynthesisEngines engines;

  private SharedSynthesis() {}

  public static synchronized SynthesisEngines get() throws Exception {
    if (engines == null) {
      engines = SynthesisLoader.load(SynthesisConfig.defaults());
    }
    return engines;
  }
}
