package io.mrcpj.server.resource.recog;

import java.util.Objects;

/**
 * Server-side defaults for recognition, used when neither SET-PARAMS nor the RECOGNIZE sets the
 * header (RFC 6787 section 9.4). Set in the configuration's {@code recognizer:} section.
 *
 * @param language Speech-Language (BCP 47)
 * @param noInputTimeoutMillis No-Input-Timeout: no speech this long after the timers start gives
 *     002 no-input-timeout
 * @param recognitionTimeoutMillis Recognition-Timeout, from the start of input (RFC default 10 s)
 * @param speechCompleteTimeoutMillis Speech-Complete-Timeout: silence after speech that completes a
 *     match (or free speech)
 * @param speechIncompleteTimeoutMillis Speech-Incomplete-Timeout: silence after speech that is not
 *     (yet) a complete match
 * @param nBest N-Best-List-Length
 * @param confidenceThreshold Confidence-Threshold: a hypothesis below it is a no-match
 * @param dtmfInterdigitTimeoutMillis DTMF-Interdigit-Timeout (RFC default 5 s)
 * @param dtmfTermTimeoutMillis DTMF-Term-Timeout (RFC default 10 s)
 * @param dtmfBufferTimeMillis DTMF-Buffer-Time: how long type-ahead digits are kept
 * @param fetchTimeoutMillis Fetch-Timeout for grammars by http(s) URI
 * @param startInputTimersFallbackMillis when a RECOGNIZE says Start-Input-Timers: false and no
 *     START-INPUT-TIMERS comes, the timers start after this long anyway (0: never)
 */
public record RecognizerDefaults(
    String language,
    long noInputTimeoutMillis,
    long recognitionTimeoutMillis,
    long speechCompleteTimeoutMillis,
    long speechIncompleteTimeoutMillis,
    int nBest,
    double confidenceThreshold,
    long dtmfInterdigitTimeoutMillis,
    long dtmfTermTimeoutMillis,
    long dtmfBufferTimeMillis,
    long fetchTimeoutMillis,
    long startInputTimersFallbackMillis) {

  /** Validates the values. */
  public RecognizerDefaults {
    Objects.requireNonNull(language, "language");
    for (long t :
        new long[] {
          noInputTimeoutMillis,
          recognitionTimeoutMillis,
          speechIncompleteTimeoutMillis,
          dtmfInterdigitTimeoutMillis,
          dtmfTermTimeoutMillis,
          dtmfBufferTimeMillis,
          fetchTimeoutMillis,
          startInputTimersFallbackMillis
        }) {
      if (t < 0 || t > RecognizerParams.MAX_TIMEOUT_MILLIS) {
        throw new IllegalArgumentException(
            "timeouts must be 0.." + RecognizerParams.MAX_TIMEOUT_MILLIS);
      }
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

  /**
   * en-US; no-input 5 s; recognition 10 s; speech complete 800 ms, incomplete 1200 ms; 1-best;
   * threshold 0.5; DTMF interdigit 5 s, term 10 s, type-ahead 10 s; fetch 10 s; timers fallback
   * off.
   */
  public static RecognizerDefaults defaults() {
    return new RecognizerDefaults(
        "en-US", 5000, 10_000, 800, 1200, 1, 0.5, 5000, 10_000, 10_000, 10_000, 0);
  }
}
