package io.mrcpj.asr.voskremote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed key pair for 127.0.0.1 made by the running JDK's keytool, and a trust store that
 * holds only its certificate; both PKCS12 with the password {@link #PASSWORD}.
 */
final class TestKeys {

  static final String PASSWORD = "changeit";

  record Files(Path keyStore, Path trustStore) {}

  private TestKeys() {}

  static Files make(Path dir) throws Exception {
    Path keys = dir.resolve("server.p12");
    Path cert = dir.resolve("server.crt");
    Path trust = dir.resolve("trust.p12");
    keytool(keys, "-genkeypair", "-alias", "vosk", "-keyalg", "EC", "-validity", "1");
    keytool(keys, "-exportcert", "-alias", "vosk", "-file", cert.toString());
    keytool(trust, "-importcert", "-noprompt", "-alias", "vosk", "-file", cert.toString());
    return new Files(keys, trust);
  }

  /** Runs one keytool command on {@code store}; a new key pair is for 127.0.0.1. */
  private static void keytool(Path store, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    if (args[0].equals("-genkeypair")) {
      cmd.addAll(List.of("-dname", "CN=vosk-remote-test", "-ext", "SAN=IP:127.0.0.1"));
    }
    cmd.addAll(
        List.of("-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + cmd + "\n" + out);
    }
  }
}
