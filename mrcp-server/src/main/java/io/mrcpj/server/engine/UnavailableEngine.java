package io.mrcpj.server.engine;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.Set;

/**
 * Stands in for an engine of {@code engine.load} that could not be loaded (missing credentials, a
 * service unreachable at start, a bad setting): the server starts and serves every other engine,
 * and each recognition that selects this one fails at once with 407 and 006 recognizer-error whose
 * Completion-Reason says why.
 */
final class UnavailableEngine implements RecognitionEngine {

  private final String name;
  private final String reason;
  private final int sampleRate;

  UnavailableEngine(String name, String reason, int sampleRate) {
    this.name = name;
    this.reason = reason;
    this.sampleRate = sampleRate;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> languages() {
    return Set.of("*");
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    throw new EngineException(
        EngineException.Kind.ENGINE_FAILURE, "engine '" + name + "' is not available: " + reason);
  }

  @Override
  public void close() {
    // nothing was loaded
  }
}
