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
 */
public record RecognizerSupport(
    RecognizerDefaults defaults,
    GrammarFetcher fetcher,
    WaveformStore waveforms,
    NlsmlWriter.Dialect dialect,
    String nlsmlContentType) {

  public RecognizerSupport {
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
