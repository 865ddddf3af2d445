package io.mrcpj.tts.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a SPEAK asks of an engine.
 *
 * @param segments what to say, in order
 * @param voice the voice to use: one of {@link SynthesisEngine#voices()} (the server has already
 *     chosen it from the Voice-* headers and Speech-Language)
 * @param rate speaking rate relative to the voice's normal one (1.0 normal, 2.0 twice as fast);
 *     from SSML prosody and Prosody-Rate
 * @param volume gain relative to the voice's normal loudness (1.0 normal, 0.0 silent)
 * @param vendorParameters engine-specific settings passed through unchanged
 */
public record SynthesisRequest(
    List<SpeechSegment> segments,
    Voice voice,
    double rate,
    double volume,
    Map<String, String> vendorParameters) {

  public SynthesisRequest {
    segments = List.copyOf(segments);
    Objects.requireNonNull(voice, "voice");
    vendorParameters = Map.copyOf(vendorParameters);
    if (!(rate > 0 && rate <= 10)) {
      throw new IllegalArgumentException("rate must be within (0, 10]: " + rate);
    }
    if (!(volume >= 0 && volume <= 10)) {
      throw new IllegalArgumentException("volume must be within [0, 10]: " + volume);
    }
  }

  /** Plain text in {@code voice} at the normal rate and volume. */
  public static SynthesisRequest text(String text, Voice voice) {
    return new SynthesisRequest(List.of(new SpeechSegment.Text(text)), voice, 1.0, 1.0, Map.of());
  }
}
