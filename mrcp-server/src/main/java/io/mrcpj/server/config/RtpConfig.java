package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * RTP settings.
 *
 * @param host address to bind and to put in SDP answers
 * @param portMin first port of the range (default 5000, as UniMRCP)
 * @param portMax last port of the range (default 6000)
 */
public record RtpConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port-min") Integer portMin,
    @JsonProperty("port-max") Integer portMax) {

  public RtpConfig {
    host = ServerConfig.notBlank("rtp.host", host, "127.0.0.1");
    portMin = ServerConfig.within("rtp.port-min", portMin, 5000, 1024, 65534);
    portMax = ServerConfig.within("rtp.port-max", portMax, 6000, 1025, 65535);
    if (portMax <= portMin) {
      throw new IllegalArgumentException(
          "rtp.port-max (" + portMax + ") must be above rtp.port-min (" + portMin + ")");
    }
  }
}
