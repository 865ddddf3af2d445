package io.mrcpj.asr.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a recognition asks of an engine.
 *
 * @param language BCP 47 tag, e.g. {@code en-US}
 * @param phrases the grammar expanded to phrases; empty means free-form transcription
 * @param nBest how many hypotheses the caller wants at most (at least 1)
 * @param vendorParameters engine-specific settings passed through unchanged
 */
public record StreamRequest(
    String language, List<String> phrases, int nBest, Map<String, String> vendorParameters) {

  public StreamRequest {
    Objects.requireNonNull(language, "language");
    phrases = List.copyOf(phrases);
    vendorParameters = Map.copyOf(vendorParameters);
    if (nBest < 1) {
      throw new IllegalArgumentException("nBest must be at least 1: " + nBest);
    }
  }

  /** A free-form transcription request. */
  public static StreamRequest transcribe(String language) {
    return new StreamRequest(language, List.of(), 1, Map.of());
  }
}
