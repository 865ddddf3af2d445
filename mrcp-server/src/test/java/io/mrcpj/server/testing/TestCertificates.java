package io.mrcpj.server.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for 127.0.0.1, made when a test runs by the running JDK's keytool: a
 * PKCS12 key store (password {@link #PASSWORD}) and the certificate alone as PEM.
 */
public final class TestCertificates {

  public static final String PASSWORD = "secret";

  /** The files of one key pair. */
  public record Keys(Path keyStore, Path certificatePem) {}

  private TestCertificates() {}

  /** Makes {@code name.p12} and {@code name.pem} in {@code dir}. */
  public static Keys make(Path dir, String name) throws Exception {
    Path p12 = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    keytool(
        "-genkeypair",
        "-alias",
        "mrcp",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "SAN=IP:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        p12.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "mrcp",
        "-keystore",
        p12.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        pem.toString());
    return new Keys(p12, pem);
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + cmd + "\n" + out);
    }
  }
}
