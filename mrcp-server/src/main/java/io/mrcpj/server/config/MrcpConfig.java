package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * MRCPv2 control listener settings (RFC 6787 section 4.2: TCP, default port 1544 as UniMRCP).
 *
 * @param host address to bind
 * @param port TCP port
 * @param maxMessageBytes largest MRCP message accepted, body included (default 1 MiB)
 * @param maxHeaderBytes largest header section accepted (default 64 KiB)
 * @param ioThreads netty worker threads; 0 means one per core
 */
public record MrcpConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("max-message-bytes") Integer maxMessageBytes,
    @JsonProperty("max-header-bytes") Integer maxHeaderBytes,
    @JsonProperty("io-threads") Integer ioThreads) {

  public MrcpConfig {
    host = ServerConfig.notBlank("mrcp.host", host, "127.0.0.1");
    port = ServerConfig.within("mrcp.port", port, 1544, 0, 65535);
    maxMessageBytes =
        ServerConfig.within(
            "mrcp.max-message-bytes", maxMessageBytes, 1 << 20, 1024, 64 * (1 << 20));
    maxHeaderBytes =
        ServerConfig.within("mrcp.max-header-bytes", maxHeaderBytes, 64 * 1024, 256, 1 << 20);
    ioThreads = ServerConfig.within("mrcp.io-threads", ioThreads, 0, 0, 256);
  }
}
