package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mrcpj.server.resource.recog.RecognizerDefaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The recognizer's defaults and services: what a RECOGNIZE gets for a header nobody set (RFC 6787
 * section 9.4), where grammars by URI may come from, where saved waveforms go, and how NLSML is
 * written. Times are in ms.
 *
 * @param language Speech-Language (default en-US)
 * @param noInputTimeout No-Input-Timeout (default 5000)
 * @param recognitionTimeout Recognition-Timeout (default 10000, the RFC's)
 * @param speechCompleteTimeout Speech-Complete-Timeout (default 800)
 * @param speechIncompleteTimeout Speech-Incomplete-Timeout (default 1200)
 * @param dtmfInterdigitTimeout DTMF-Interdigit-Timeout (default 5000, the RFC's)
 * @param dtmfTermTimeout DTMF-Term-Timeout (default 10000, the RFC's)
 * @param dtmfBufferTime DTMF-Buffer-Time, how long type-ahead keys are kept (default 10000)
 * @param confidenceThreshold Confidence-Threshold (default 0.5)
 * @param nBest N-Best-List-Length (default 1)
 * @param fetchTimeout Fetch-Timeout for grammars by URI (default 10000)
 * @param startInputTimersFallback with Start-Input-Timers: false, start the timers after this long
 *     if no START-INPUT-TIMERS comes (default 0: wait for it)
 * @param grammarFetch where grammars by URI may come from
 * @param waveforms where Save-Waveform audio goes
 * @param nlsml the NLSML dialect
 */
public record RecognizerConfig(
    @JsonProperty("language") String language,
    @JsonProperty("no-input-timeout") Integer noInputTimeout,
    @JsonProperty("recognition-timeout") Integer recognitionTimeout,
    @JsonProperty("speech-complete-timeout") Integer speechCompleteTimeout,
    @JsonProperty("speech-incomplete-timeout") Integer speechIncompleteTimeout,
    @JsonProperty("dtmf-interdigit-timeout") Integer dtmfInterdigitTimeout,
    @JsonProperty("dtmf-term-timeout") Integer dtmfTermTimeout,
    @JsonProperty("dtmf-buffer-time") Integer dtmfBufferTime,
    @JsonProperty("confidence-threshold") Double confidenceThreshold,
    @JsonProperty("n-best") Integer nBest,
    @JsonProperty("fetch-timeout") Integer fetchTimeout,
    @JsonProperty("start-input-timers-fallback") Integer startInputTimersFallback,
    @JsonProperty("grammar-fetch") GrammarFetch grammarFetch,
    @JsonProperty("waveforms") Waveforms waveforms,
    @JsonProperty("nlsml") Nlsml nlsml) {

  private static final int HOUR = 3_600_000;

  public RecognizerConfig {
    language = ServerConfig.notBlank("recognizer.language", language, "en-US");
    noInputTimeout =
        ServerConfig.within("recognizer.no-input-timeout", noInputTimeout, 5000, 0, HOUR);
    recognitionTimeout =
        ServerConfig.within("recognizer.recognition-timeout", recognitionTimeout, 10_000, 0, HOUR);
    speechCompleteTimeout =
        ServerConfig.within(
            "recognizer.speech-complete-timeout", speechCompleteTimeout, 800, 0, 60_000);
    speechIncompleteTimeout =
        ServerConfig.within(
            "recognizer.speech-incomplete-timeout", speechIncompleteTimeout, 1200, 0, 60_000);
    dtmfInterdigitTimeout =
        ServerConfig.within(
            "recognizer.dtmf-interdigit-timeout", dtmfInterdigitTimeout, 5000, 0, HOUR);
    dtmfTermTimeout =
        ServerConfig.within("recognizer.dtmf-term-timeout", dtmfTermTimeout, 10_000, 0, HOUR);
    dtmfBufferTime =
        ServerConfig.within("recognizer.dtmf-buffer-time", dtmfBufferTime, 10_000, 0, HOUR);
    confidenceThreshold = confidenceThreshold == null ? 0.5 : confidenceThreshold;
    if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
      throw new IllegalArgumentException(
          "recognizer.confidence-threshold must be from 0.0 to 1.0, not " + confidenceThreshold);
    }
    nBest = ServerConfig.within("recognizer.n-best", nBest, 1, 1, 20);
    fetchTimeout = ServerConfig.within("recognizer.fetch-timeout", fetchTimeout, 10_000, 1, HOUR);
    startInputTimersFallback =
        ServerConfig.within(
            "recognizer.start-input-timers-fallback", startInputTimersFallback, 0, 0, HOUR);
    grammarFetch =
        grammarFetch != null ? grammarFetch : new GrammarFetch(null, null, null, null, null);
    waveforms = waveforms != null ? waveforms : new Waveforms(null, null, null, null);
    nlsml = nlsml != null ? nlsml : new Nlsml(null, null, null);
  }

  /** All defaults. */
  public static RecognizerConfig defaults() {
    return new RecognizerConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The recognizer's defaults for the channels. */
  public RecognizerDefaults toDefaults() {
    return new RecognizerDefaults(
        language,
        noInputTimeout,
        recognitionTimeout,
        speechCompleteTimeout,
        speechIncompleteTimeout,
        nBest,
        confidenceThreshold,
        dtmfInterdigitTimeout,
        dtmfTermTimeout,
        dtmfBufferTime,
        fetchTimeout,
        startInputTimersFallback);
  }

  /**
   * Grammars by URI (RFC 6787 section 9.5.1).
   *
   * @param allowedHosts hosts http(s) grammars may come from; {@code *} for any (default none:
   *     fetching is refused with 009 uri-failure until the operator names hosts)
   * @param maxBytes largest grammar (default 1 MiB)
   * @param maxTimeout longest fetch whatever Fetch-Timeout asks (default 30000)
   * @param cacheSeconds how long a fetched grammar is reused (default 60)
   * @param fileRoot folder {@code file:} grammars may be read from (default none: refused)
   */
  public record GrammarFetch(
      @JsonProperty("allowed-hosts") List<String> allowedHosts,
      @JsonProperty("max-bytes") Integer maxBytes,
      @JsonProperty("max-timeout") Integer maxTimeout,
      @JsonProperty("cache-seconds") Integer cacheSeconds,
      @JsonProperty("file-root") String fileRoot) {

    public GrammarFetch {
      allowedHosts =
          allowedHosts == null
              ? List.of()
              : allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
      maxBytes =
          ServerConfig.within(
              "recognizer.grammar-fetch.max-bytes", maxBytes, 1 << 20, 1024, 16 << 20);
      maxTimeout =
          ServerConfig.within(
              "recognizer.grammar-fetch.max-timeout", maxTimeout, 30_000, 100, 600_000);
      cacheSeconds =
          ServerConfig.within(
              "recognizer.grammar-fetch.cache-seconds", cacheSeconds, 60, 0, 86_400);
    }

    public Path fileRootPath() {
      return fileRoot == null || fileRoot.isBlank() ? null : Path.of(fileRoot);
    }
  }

  /**
   * Saved waveforms (Save-Waveform, RFC 6787 section 9.4.22).
   *
   * @param dir where the WAV files go (default the temp folder's mrcpj-waveforms)
   * @param baseUri prefix for Waveform-URI when a web server publishes the folder (default none:
   *     file: URIs)
   * @param maxSeconds longest recording kept (default 60)
   * @param keep keep the files after the session ends (default false: deleted)
   */
  public record Waveforms(
      @JsonProperty("dir") String dir,
      @JsonProperty("base-uri") String baseUri,
      @JsonProperty("max-seconds") Integer maxSeconds,
      @JsonProperty("keep") Boolean keep) {

    public Waveforms {
      dir =
          dir == null || dir.isBlank()
              ? Path.of(System.getProperty("java.io.tmpdir"), "mrcpj-waveforms").toString()
              : dir;
      maxSeconds = ServerConfig.within("recognizer.waveforms.max-seconds", maxSeconds, 60, 1, 3600);
      keep = keep != null && keep;
    }
  }

  /**
   * The NLSML dialect.
   *
   * @param namespace write the MRCPv2 namespace on {@code <result>} (default true)
   * @param emptyInstance {@code <instance/>} on no-input and no-match (default true, the RFC's
   *     examples)
   * @param contentType {@code application/nlsml+xml} (default, the RFC's) or {@code
   *     application/x-nlsml} (what UniMRCP sends)
   */
  public record Nlsml(
      @JsonProperty("namespace") Boolean namespace,
      @JsonProperty("empty-instance") Boolean emptyInstance,
      @JsonProperty("content-type") String contentType) {

    public Nlsml {
      namespace = namespace == null || namespace;
      emptyInstance = emptyInstance == null || emptyInstance;
      contentType =
          ServerConfig.notBlank(
              "recognizer.nlsml.content-type", contentType, "application/nlsml+xml");
      if (!contentType.equals("application/nlsml+xml")
          && !contentType.equals("application/x-nlsml")) {
        throw new IllegalArgumentException(
            "recognizer.nlsml.content-type must be application/nlsml+xml or application/x-nlsml");
      }
    }
  }
}
