package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * MRCPv2 over TLS ({@code TCP/TLS/MRCPv2}, RFC 6787 section 4.2): a second MRCP listener whose
 * connections start with a TLS handshake. On when a key store is named.
 *
 * @param port the TLS listener's port (default 1545)
 * @param keyStore the server's key and certificate chain (a PKCS12 or JKS file); unset: no TLS
 * @param keyStorePassword its password; {@code env:NAME} reads it from the environment variable
 *     NAME, so it need not stand in the file
 * @param keyStoreType PKCS12 (default) or JKS
 * @param required only TLS: the plain-TCP listener is not opened and offers of {@code TCP/MRCPv2}
 *     get 488 (default false)
 */
public record TlsConfig(
    @JsonProperty("port") Integer port,
    @JsonProperty("key-store") String keyStore,
    @JsonProperty("key-store-password") String keyStorePassword,
    @JsonProperty("key-store-type") String keyStoreType,
    @JsonProperty("required") Boolean required) {

  public TlsConfig {
    port = ServerConfig.within("mrcp.tls.port", port, 1545, 0, 65535);
    keyStore = keyStore == null || keyStore.isBlank() ? null : keyStore.trim();
    keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
    keyStoreType = ServerConfig.notBlank("mrcp.tls.key-store-type", keyStoreType, "PKCS12");
    required = required != null && required;
    if (required && keyStore == null) {
      throw new IllegalArgumentException("mrcp.tls.required needs mrcp.tls.key-store");
    }
  }

  /** No TLS. */
  public static TlsConfig off() {
    return new TlsConfig(null, null, null, null, null);
  }

  /** True when a key store is configured. */
  public boolean enabled() {
    return keyStore != null;
  }

  /** The password, read from the environment when written as {@code env:NAME}. */
  public char[] password() {
    if (keyStorePassword.startsWith("env:")) {
      String name = keyStorePassword.substring(4);
      String v = System.getenv(name);
      if (v == null) {
        throw new IllegalArgumentException(
            "mrcp.tls.key-store-password names the environment variable "
                + name
                + ", which is unset");
      }
      return v.toCharArray();
    }
    return keyStorePassword.toCharArray();
  }
}
