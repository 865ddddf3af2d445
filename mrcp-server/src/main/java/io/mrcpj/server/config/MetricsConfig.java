package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The operations HTTP endpoint: Prometheus metrics at {@code /metrics}, liveness at {@code
 * /health}, readiness at {@code /ready}.
 *
 * @param enabled serve the endpoint (default true)
 * @param host address to bind (default 127.0.0.1; use 0.0.0.0 for a Prometheus on another host)
 * @param port TCP port (default 9090; 0 picks a free one)
 */
public record MetricsConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port) {

  public MetricsConfig {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    host = ServerConfig.notBlank("metrics.host", host, "127.0.0.1");
    port = ServerConfig.within("metrics.port", port, 9090, 0, 65535);
  }

  /** The defaults. */
  public static MetricsConfig defaults() {
    return new MetricsConfig(null, null, null);
  }

  /** No HTTP endpoint (the meters are still kept, for {@code SpeechServer.metrics()}). */
  public static MetricsConfig off() {
    return new MetricsConfig(false, null, null);
  }
}
