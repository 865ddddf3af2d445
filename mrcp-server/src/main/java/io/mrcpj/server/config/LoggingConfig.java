package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the server's log may contain. Every line logged for a session carries its Call-ID and
 * Channel-Identifier (MDC keys {@code callId} and {@code channel}).
 *
 * @param maskText replace what callers said (recognized text, NLSML results, DTMF digits) and
 *     grammar contents with their length in log lines (default false)
 */
public record LoggingConfig(@JsonProperty("mask-text") Boolean maskText) {

  public LoggingConfig {
    maskText = maskText != null ? maskText : Boolean.FALSE;
  }

  /** The defaults. */
  public static LoggingConfig defaults() {
    return new LoggingConfig(null);
  }
}
