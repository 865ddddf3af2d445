package io.mrcpj.tts.testkit;

import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisEngineProvider;
import io.mrcpj.tts.spi.SynthesisRequest;
import java.time.Duration;
import java.util.ServiceLoader;

/** Finding an engine as the server does, and speaking a request through it whole. */
public final class Engines {

  /** How long a test waits for a synthesis to end. */
  public static final Duration LIMIT = Duration.ofSeconds(30);

  private Engines() {}

  /** The provider named {@code name}, found through {@link ServiceLoader}. */
  public static SynthesisEngineProvider provider(String name) {
    return ServiceLoader.load(SynthesisEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no synthesis engine named " + name));
  }

  /** All the audio of {@code request}, once it completed (within {@link #LIMIT}). */
  public static short[] speak(SynthesisEngine engine, SynthesisRequest request) throws Exception {
    SpeechCollector c = new SpeechCollector();
    engine.open(request, c);
    c.awaitComplete(LIMIT);
    return c.pcm();
  }
}
