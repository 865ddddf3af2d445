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
 */
public record SipConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("transports") List<String> transports) {

  public SipConfig {
    host = ServerConfig.notBlank("sip.host", host, "127.0.0.1");
    port = ServerConfig.within("sip.port", port, 8060, 0, 65535);
    transports =
        transports == null
            ? List.of("udp", "tcp")
            : transports.stream().map(t -> t.toLowerCase(Locale.ROOT).trim()).toList();
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
