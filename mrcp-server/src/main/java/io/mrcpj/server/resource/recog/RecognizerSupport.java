package io.mrcpj.server.resource.recog;

import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import java.util.Objects;

/**
 * What the server gives every recognizer channel besides its engine and timers: defaults, the
 * grammar fetcher, the waveform store and the NLSML dialect. Shared, thread-safe.
 *
 * @param defaults values for headers nobody set
 * @param fetcher fetches http(s)/file grammars; null refuses them (009 uri-failure)
 * @param waveforms saves Save-Waveform audio; null answers an empty Waveform-URI
 * @param dialect how NLSML is written
 * @param nlsmlContentType application/nlsml+xml (RFC) or application/x-nlsml (UniMRCP)
 * @param engineTimeoutMillis how long to wait for the engine's final result once input has ended;
 *     then the recognition completes with 006 recognizer-error
 */
public record RecognizerSupport(
    RecognizerDefaults defaults,
    GrammarFetcher fetcher,
    WaveformStore waveforms,
    NlsmlWriter.Dialect dialect,
    String nlsmlContentType,
    long engineTimeoutMillis) {

  /** The engine timeout's default: 10 s. */
  public static final long DEFAULT_ENGINE_TIMEOUT_MILLIS = 10_000;

  /** With the default engine timeout. */
  public RecognizerSupport(
      RecognizerDefaults defaults,
      GrammarFetcher fetcher,
      WaveformStore waveforms,
      NlsmlWriter.Dialect dialect,
      String nlsmlContentType) {
    this(defaults, fetcher, waveforms, dialect, nlsmlContentType, DEFAULT_ENGINE_TIMEOUT_MILLIS);
  }

  public RecognizerSupport {
    if (engineTimeoutMillis <= 0) {
      throw new IllegalArgumentException("engine timeout must be positive: " + engineTimeoutMillis);
    }
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(nlsmlContentType, "nlsmlContentType");
  }

  /** Defaults only: no fetching, no waveforms, the RFC's NLSML. */
  public static RecognizerSupport of(RecognizerDefaults defaults) {
    return new RecognizerSupport(
        defaults, null, null, NlsmlWriter.Dialect.RFC, NlsmlResult.CONTENT_TYPE);
  }
}
