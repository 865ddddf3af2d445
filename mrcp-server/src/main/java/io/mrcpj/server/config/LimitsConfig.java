package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Limits that keep one caller, or one broken peer, from taking the server down. Times are in
 * seconds; 0 turns a timeout off.
 *
 * @param maxSessions concurrent SIP sessions; beyond it INVITE gets 503 with Retry-After (default
 *     1000)
 * @param maxSessionsPerSource concurrent sessions from one source IP address; beyond it INVITE gets
 *     503 with Retry-After (default 0: only max-sessions applies; FreeSWITCH sends every call from
 *     one address)
 * @param maxChannelsPerConnection channels one MRCP connection may carry requests for; a request
 *     for one more gets 407 (default: max-sessions)
 * @param rtpTimeout a session that has received no RTP for this long is ended and its client gets a
 *     BYE (default 120)
 * @param mrcpTimeout a session whose channels have had no MRCP request this long after setup (its
 *     client never connected) is ended with a BYE (default 60)
 * @param shutdownGrace on stop, how long running sessions may go on while new ones get 503 (default
 *     30)
 * @param engineTimeout how long the engine may take for its final result once input has ended; then
 *     the recognition completes with 006 recognizer-error (default 10)
 */
public record LimitsConfig(
    @JsonProperty("max-sessions") Integer maxSessions,
    @JsonProperty("max-sessions-per-source") Integer maxSessionsPerSource,
    @JsonProperty("max-channels-per-connection") Integer maxChannelsPerConnection,
    @JsonProperty("rtp-timeout") Integer rtpTimeout,
    @JsonProperty("mrcp-timeout") Integer mrcpTimeout,
    @JsonProperty("shutdown-grace") Integer shutdownGrace,
    @JsonProperty("engine-timeout") Integer engineTimeout) {
  public LimitsConfig {
    maxSessions = ServerConfig.within("limits.max-sessions", maxSessions, 1000, 1, 1_000_000);
    maxSessionsPerSource =
        ServerConfig.within(
            "limits.max-sessions-per-source", maxSessionsPerSource, 0, 0, 1_000_000);
    maxChannelsPerConnection =
        ServerConfig.within(
            "limits.max-channels-per-connection",
            maxChannelsPerConnection,
            maxSessions,
            1,
            1_000_000);
    rtpTimeout = ServerConfig.within("limits.rtp-timeout", rtpTimeout, 120, 0, 86_400);
    mrcpTimeout = ServerConfig.within("limits.mrcp-timeout", mrcpTimeout, 60, 0, 86_400);
    shutdownGrace = ServerConfig.within("limits.shutdown-grace", shutdownGrace, 30, 0, 86_400);
    engineTimeout = ServerConfig.within("limits.engine-timeout", engineTimeout, 10, 1, 3_600);
  }

  /** The defaults with this session limit. */
  public LimitsConfig(Integer maxSessions) {
    this(maxSessions, null, null, null, null, null, null);
  }
}
