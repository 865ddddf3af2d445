package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The server's settings. Every field has a default, so an empty file (or none) is a working
 * configuration; see {@link ConfigLoader} for how a YAML file is read and checked.
 *
 * @param sip the SIP listener
 * @param mrcp the MRCPv2 control listener
 * @param rtp the RTP port range
 * @param engine the default recognition engine and its settings
 * @param limits limits that protect the server
 * @param recognizer the recognizer's defaults, grammar fetching, waveforms and NLSML dialect
 * @param metrics the HTTP endpoint for metrics, health and readiness
 * @param logging what the log may contain
 * @param synthesis the speech synthesizer's engines and limits
 * @param recorder where recordings go and the recorder's defaults
 */
public record ServerConfig(
    @JsonProperty("sip") SipConfig sip,
    @JsonProperty("mrcp") MrcpConfig mrcp,
    @JsonProperty("rtp") RtpConfig rtp,
    @JsonProperty("engine") EngineConfig engine,
    @JsonProperty("limits") LimitsConfig limits,
    @JsonProperty("recognizer") RecognizerConfig recognizer,
    @JsonProperty("metrics") MetricsConfig metrics,
    @JsonProperty("logging") LoggingConfig logging,
    @JsonProperty("synthesis") SynthesisConfig synthesis,
    @JsonProperty("recorder") RecorderConfig recorder) {

  public ServerConfig {
    sip = sip != null ? sip : new SipConfig(null, null, null, null, null, null);
    mrcp = mrcp != null ? mrcp : new MrcpConfig(null, null, null, null, null);
    rtp = rtp != null ? rtp : new RtpConfig(null, null, null, null);
    engine = engine != null ? engine : new EngineConfig(null, null);
    limits = limits != null ? limits : new LimitsConfig(null);
    recognizer = recognizer != null ? recognizer : RecognizerConfig.defaults();
    metrics = metrics != null ? metrics : MetricsConfig.defaults();
    logging = logging != null ? logging : LoggingConfig.defaults();
    synthesis = synthesis != null ? synthesis : SynthesisConfig.defaults();
    recorder = recorder != null ? recorder : RecorderConfig.defaults();
  }

  /** The settings with the synthesizer at its defaults. */
  public ServerConfig(
      SipConfig sip,
      MrcpConfig mrcp,
      RtpConfig rtp,
      EngineConfig engine,
      LimitsConfig limits,
      RecognizerConfig recognizer,
      MetricsConfig metrics,
      LoggingConfig logging) {
    this(sip, mrcp, rtp, engine, limits, recognizer, metrics, logging, null, null);
  }

  /** These settings with other recorder settings. */
  public ServerConfig withRecorder(RecorderConfig r) {
    return new ServerConfig(
        sip, mrcp, rtp, engine, limits, recognizer, metrics, logging, synthesis, r);
  }

  /** These settings with other synthesis settings. */
  public ServerConfig withSynthesis(SynthesisConfig s) {
    return new ServerConfig(
        sip, mrcp, rtp, engine, limits, recognizer, metrics, logging, s, recorder);
  }

  /**
   * The settings for a server embedded in a Java program: logging at its defaults and no metrics
   * HTTP endpoint (the meters are still kept; {@link #withMetrics} serves them). A configuration
   * file, or {@link #defaults()}, has the endpoint on.
   */
  public ServerConfig(
      SipConfig sip,
      MrcpConfig mrcp,
      RtpConfig rtp,
      EngineConfig engine,
      LimitsConfig limits,
      RecognizerConfig recognizer) {
    this(sip, mrcp, rtp, engine, limits, recognizer, MetricsConfig.off(), null);
  }

  /** These settings with other logging settings. */
  public ServerConfig withLogging(LoggingConfig l) {
    return new ServerConfig(
        sip, mrcp, rtp, engine, limits, recognizer, metrics, l, synthesis, recorder);
  }

  /** These settings with another metrics endpoint. */
  public ServerConfig withMetrics(MetricsConfig m) {
    return new ServerConfig(
        sip, mrcp, rtp, engine, limits, recognizer, m, logging, synthesis, recorder);
  }

  /** The settings without a recognizer section (the recognizer's defaults), as embedded. */
  public ServerConfig(
      SipConfig sip, MrcpConfig mrcp, RtpConfig rtp, EngineConfig engine, LimitsConfig limits) {
    this(sip, mrcp, rtp, engine, limits, null);
  }

  /** All defaults. */
  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, null, null, null, null, null);
  }

  static int within(String name, Integer value, int dflt, int min, int max) {
    int v = value != null ? value : dflt;
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", not " + v);
    }
    return v;
  }

  static String notBlank(String name, String value, String dflt) {
    String v = value != null ? value : dflt;
    if (v.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return v.trim();
  }
}
