package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Limits that keep one caller from taking the server down.
 *
 * @param maxSessions concurrent SIP sessions; beyond it INVITE gets 503 (default 1000)
 */
public record LimitsConfig(@JsonProperty("max-sessions") Integer maxSessions) {

  public LimitsConfig {
    maxSessions = ServerConfig.within("limits.max-sessions", maxSessions, 1000, 1, 1_000_000);
  }
}
