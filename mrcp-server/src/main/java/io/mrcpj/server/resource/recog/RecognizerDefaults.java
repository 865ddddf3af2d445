package io.mrcpj.server.resource.recog;

import java.util.Objects;

/**
 * Server-side defaults for recognition, used when a RECOGNIZE does not set the header
 * (config-driven later).
 *
 * @param language Speech-Language when the request has none (BCP 47)
 * @param noInputTimeoutMillis No-Input-Timeout: no speech this long after the timers start gives
 *     002 no-input-timeout
 * @param recognitionTimeoutMillis Recognition-Timeout: longest recognition after speech starts (RFC
 *     6787 section 9.4.7 gives 10 s as the default)
 * @param speechCompleteTimeoutMillis Speech-Complete-Timeout: silence after speech that ends the
 *     utterance
 * @param nBest N-Best-List-Length
 * @param confidenceThreshold Confidence-Threshold: a hypothesis below it is a no-match
 */
public record RecognizerDefaults(
    String language,
    int noInputTimeoutMillis,
    int recognitionTimeoutMillis,
    int speechCompleteTimeoutMillis,
    int nBest,
    double confidenceThreshold) {

  /** Validates the values. */
  public RecognizerDefaults {
    Objects.requireNonNull(language, "language");
    if (noInputTimeoutMillis < 0 || recognitionTimeoutMillis < 0) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
    if (speechCompleteTimeoutMillis < 0 || speechCompleteTimeoutMillis > 60_000) {
      throw new IllegalArgumentException("speechCompleteTimeoutMillis must be 0..60000");
    }
    if (nBest < 1) {
      throw new IllegalArgumentException("nBest must be at least 1");
    }
    if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
      throw new IllegalArgumentException("confidenceThreshold must be 0.0..1.0");
    }
  }

  /** en-US, no-input 5 s, recognition 10 s (the RFC default), speech-complete 800 ms, 1, 0.5. */
  public static RecognizerDefaults defaults() {
    return new RecognizerDefaults("en-US", 5000, 10_000, 800, 1, 0.5);
  }
}
