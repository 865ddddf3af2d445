package io.mrcpj.tts.testkit;

import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisEngineProvider;
import io.mrcpj.tts.spi.SynthesisRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Opens every request at once (more than the engine has threads, to fill its queue), then waits
   * for each: their audio, in the order of {@code requests}.
   */
  public static List<short[]> speakAtOnce(SynthesisEngine engine, List<SynthesisRequest> requests)
      throws Exception {
    List<SpeechCollector> collectors = new ArrayList<>();
    for (SynthesisRequest r : requests) {
      SpeechCollector c = new SpeechCollector();
      engine.open(r, c);
      collectors.add(c);
    }
    List<short[]> audio = new ArrayList<>();
    for (SpeechCollector c : collectors) {
      c.awaitComplete(LIMIT);
      audio.add(c.pcm());
    }
    return audio;
  }

  /** All the audio of {@code request}, once it completed (within {@link #LIMIT}). */
  public static short[] speak(SynthesisEngine engine, SynthesisRequest request) throws Exception {
    SpeechCollector c = new SpeechCollector();
    engine.open(request, c);
    c.awaitComplete(LIMIT);
    return c.pcm();
  }
}
