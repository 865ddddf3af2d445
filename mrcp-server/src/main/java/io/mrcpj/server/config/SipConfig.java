package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mrcpj.server.security.AddressFilter;
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
 * @param ackTimeout seconds to wait for the ACK of a 200 OK (the stack retransmits the 200 OK
 *     meanwhile); then the dialog is ended with a BYE and the session freed (default 32, RFC 3261's
 *     64*T1)
 * @param auth digest authentication of new sessions (default off)
 * @param tls SIP over TLS (default off); with it, transports may be empty (TLS only)
 * @param allow source addresses and networks (CIDR) whose requests are served; others get 403
 *     (default: everyone)
 */
public record SipConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("transports") List<String> transports,
    @JsonProperty("session-expires") Integer sessionExpires,
    @JsonProperty("min-se") Integer minSe,
    @JsonProperty("workers") Integer workers,
    @JsonProperty("ack-timeout") Integer ackTimeout,
    @JsonProperty("allow") List<String> allow,
    @JsonProperty("auth") SipAuthConfig auth,
    @JsonProperty("tls") SipTlsConfig tls) {

  /** The defaults for the ACK timeout, everyone allowed. */
  public SipConfig(
      String host,
      Integer port,
      List<String> transports,
      Integer sessionExpires,
      Integer minSe,
      Integer workers) {
    this(host, port, transports, sessionExpires, minSe, workers, null, null, null, null);
  }

  /** No authentication. */
  public SipConfig(
      String host,
      Integer port,
      List<String> transports,
      Integer sessionExpires,
      Integer minSe,
      Integer workers,
      Integer ackTimeout,
      List<String> allow) {
    this(host, port, transports, sessionExpires, minSe, workers, ackTimeout, allow, null, null);
  }

  /** No SIP over TLS. */
  public SipConfig(
      String host,
      Integer port,
      List<String> transports,
      Integer sessionExpires,
      Integer minSe,
      Integer workers,
      Integer ackTimeout,
      List<String> allow,
      SipAuthConfig auth) {
    this(host, port, transports, sessionExpires, minSe, workers, ackTimeout, allow, auth, null);
  }

  public SipConfig {
    allow = allow == null ? List.of() : List.copyOf(allow);
    AddressFilter.of("sip.allow", allow); // checked here, so a bad entry stops the start
    auth = auth != null ? auth : SipAuthConfig.off();
    tls = tls != null ? tls : SipTlsConfig.off();
    host = ServerConfig.notBlank("sip.host", host, "127.0.0.1");
    port = ServerConfig.within("sip.port", port, 8060, 0, 65535);
    transports =
        transports == null
            ? List.of("udp", "tcp")
            : transports.stream().map(t -> t.toLowerCase(Locale.ROOT).trim()).toList();
    minSe = ServerConfig.within("sip.min-se", minSe, 90, 90, 86_400);
    sessionExpires = ServerConfig.within("sip.session-expires", sessionExpires, 600, minSe, 86_400);
    workers = ServerConfig.within("sip.workers", workers, 4, 1, 256);
    ackTimeout = ServerConfig.within("sip.ack-timeout", ackTimeout, 32, 1, 300);
    if (transports.isEmpty() && !tls.enabled()) {
      throw new IllegalArgumentException(
          "sip.transports must name at least one transport (or sip.tls be set)");
    }
    for (String t : transports) {
      if (!t.equals("udp") && !t.equals("tcp")) {
        throw new IllegalArgumentException("sip.transports: unknown transport " + t);
      }
    }
  }

  /** Who may send requests. */
  public AddressFilter allowFilter() {
    return AddressFilter.of("sip.allow", allow);
  }
}
