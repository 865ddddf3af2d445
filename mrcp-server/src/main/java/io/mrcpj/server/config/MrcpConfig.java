package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mrcpj.server.security.AddressFilter;
import java.util.List;

/**
 * MRCPv2 control listener settings (RFC 6787 section 4.2: TCP, default port 1544 as UniMRCP).
 *
 * @param host address to bind
 * @param port TCP port
 * @param maxMessageBytes largest MRCP message accepted, body included (default 1 MiB)
 * @param maxHeaderBytes largest header section accepted (default 64 KiB)
 * @param ioThreads netty worker threads; 0 means one per core
 * @param allow client addresses and networks (CIDR) that may connect; other connections are closed
 *     at once (default: everyone)
 * @param tls MRCP over TLS (default off)
 */
public record MrcpConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("max-message-bytes") Integer maxMessageBytes,
    @JsonProperty("max-header-bytes") Integer maxHeaderBytes,
    @JsonProperty("io-threads") Integer ioThreads,
    @JsonProperty("allow") List<String> allow,
    @JsonProperty("tls") TlsConfig tls) {

  /** Everyone allowed. */
  public MrcpConfig(
      String host,
      Integer port,
      Integer maxMessageBytes,
      Integer maxHeaderBytes,
      Integer ioThreads) {
    this(host, port, maxMessageBytes, maxHeaderBytes, ioThreads, null, null);
  }

  /** No TLS. */
  public MrcpConfig(
      String host,
      Integer port,
      Integer maxMessageBytes,
      Integer maxHeaderBytes,
      Integer ioThreads,
      List<String> allow) {
    this(host, port, maxMessageBytes, maxHeaderBytes, ioThreads, allow, null);
  }

  public MrcpConfig {
    allow = allow == null ? List.of() : List.copyOf(allow);
    AddressFilter.of("mrcp.allow", allow);
    tls = tls != null ? tls : TlsConfig.off();
    host = ServerConfig.notBlank("mrcp.host", host, "127.0.0.1");
    port = ServerConfig.within("mrcp.port", port, 1544, 0, 65535);
    maxMessageBytes =
        ServerConfig.within(
            "mrcp.max-message-bytes", maxMessageBytes, 1 << 20, 1024, 64 * (1 << 20));
    maxHeaderBytes =
        ServerConfig.within("mrcp.max-header-bytes", maxHeaderBytes, 64 * 1024, 256, 1 << 20);
    ioThreads = ServerConfig.within("mrcp.io-threads", ioThreads, 0, 0, 256);
  }

  /** Who may connect. */
  public AddressFilter allowFilter() {
    return AddressFilter.of("mrcp.allow", allow);
  }
}
