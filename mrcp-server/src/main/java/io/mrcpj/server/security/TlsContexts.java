package io.mrcpj.server.security;

import io.mrcpj.server.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** The server's TLS context from its configured key store (the JDK's TLS, 1.3 and 1.2). */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * @throws IllegalArgumentException naming the file when the key store cannot be read or holds no
   *     usable key
   */
  public static SslContext server(TlsConfig tls) {
    Path file = Path.of(tls.keyStore());
    char[] password = tls.password();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(tls.keyStoreType());
      ks.load(in, password);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      return SslContextBuilder.forServer(kmf)
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot use mrcp.tls.key-store " + file + ": " + e.getMessage(), e);
    }
  }
}
