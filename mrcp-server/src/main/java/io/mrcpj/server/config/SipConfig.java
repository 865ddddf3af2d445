package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * SIP listener settings.
 *
 * @param host address to bind (default 127.0.0.1, as UniMRCP)
 * @param port port for every transport (default 8060)
 * @param transports any of udp, tcp (default both)
 * @param sessionExpires the session interval in seconds answered to clients that support session
 *     timers (RFC 4028) and do not ask for one (default 600, as UniMRCP)
 * @param minSe the smallest session interval accepted; a shorter request gets 422 (default 90, the
 *     RFC 4028 minimum)
 * @param workers threads that process SIP requests off the stack's listener threads (default 4)
 */
public record SipConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("transports") List<String> transports,
    @JsonProperty("session-expires") Integer sessionExpires,
    @JsonProperty("min-se") Integer minSe,
    @JsonProperty("workers") Integer workers) {

  public SipConfig {
    host = ServerConfig.notBlank("sip.host", host, "127.0.0.1");
    port = ServerConfig.within("sip.port", port, 8060, 0, 65535);
    transports =
        transports == null
            ? List.of("udp", "tcp")
            : transports.stream().map(t -> t.toLowerCase(Locale.ROOT).trim()).toList();
    minSe = ServerConfig.within("sip.min-se", minSe, 90, 90, 86_400);
    sessionExpires = ServerConfig.within("sip.session-expires", sessionExpires, 600, minSe, 86_400);
    workers = ServerConfig.within("sip.workers", workers, 4, 1, 256);
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("sip.transports must name at least one transport");
    }
    for (String t : transports) {
      if (!t.equals("udp") && !t.equals("tcp")) {
        throw new IllegalArgumentException("sip.transports: unknown transport " + t);
      }
    }
  }
}
