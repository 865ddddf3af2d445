package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * RTP settings.
 *
 * @param host address to bind and to put in SDP answers
 * @param portMin first port of the range (default 5000, as UniMRCP)
 * @param portMax last port of the range (default 6000)
 * @param inbandDtmf detect DTMF tones inside the audio (default true): FreeSWITCH's usual profiles
 *     do not negotiate telephone-event (RFC 4733), so the caller's keys arrive as tones. A stream
 *     that sends RFC 4733 events stops in-band detection for itself at its first event.
 */
public record RtpConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port-min") Integer portMin,
    @JsonProperty("port-max") Integer portMax,
    @JsonProperty("inband-dtmf") Boolean inbandDtmf) {

  /** The address and port range, with in-band DTMF detection at its default (on). */
  public RtpConfig(String host, Integer portMin, Integer portMax) {
    this(host, portMin, portMax, null);
  }

  public RtpConfig {
    host = ServerConfig.notBlank("rtp.host", host, "127.0.0.1");
    portMin = ServerConfig.within("rtp.port-min", portMin, 5000, 1024, 65534);
    portMax = ServerConfig.within("rtp.port-max", portMax, 6000, 1025, 65535);
    inbandDtmf = inbandDtmf != null ? inbandDtmf : Boolean.TRUE;
    if (portMax <= portMin) {
      throw new IllegalArgumentException(
          "rtp.port-max (" + portMax + ") must be above rtp.port-min (" + portMin + ")");
    }
  }
}
