package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SIP over TLS (RFC 3261 section 26.2, transport {@code tls}): a TLS listener beside the UDP/TCP
 * ones, on when a key store is named. Clients are not asked for certificates.
 *
 * @param port the TLS listener's port (default 8061)
 * @param keyStore the server's key and certificate chain (PKCS12 or JKS); unset: no SIP over TLS
 * @param keyStorePassword its password; {@code env:NAME} reads it from the environment
 * @param keyStoreType PKCS12 (default) or JKS
 */
public record SipTlsConfig(
    @JsonProperty("port") Integer port,
    @JsonProperty("key-store") String keyStore,
    @JsonProperty("key-store-password") String keyStorePassword,
    @JsonProperty("key-store-type") String keyStoreType) {

  public SipTlsConfig {
    port = ServerConfig.within("sip.tls.port", port, 8061, 0, 65535);
    keyStore = keyStore == null || keyStore.isBlank() ? null : keyStore.trim();
    keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
    keyStoreType = ServerConfig.notBlank("sip.tls.key-store-type", keyStoreType, "PKCS12");
  }

  public static SipTlsConfig off() {
    return new SipTlsConfig(null, null, null, null);
  }

  public boolean enabled() {
    return keyStore != null;
  }

  /** The password, read from the environment when written as {@code env:NAME}. */
  public String password() {
    if (keyStorePassword.startsWith("env:")) {
      String v = System.getenv(keyStorePassword.substring(4));
      if (v == null) {
        throw new IllegalArgumentException(
            "sip.tls.key-store-password names the unset environment variable "
                + keyStorePassword.substring(4));
      }
      return v;
    }
    return keyStorePassword;
  }
}
