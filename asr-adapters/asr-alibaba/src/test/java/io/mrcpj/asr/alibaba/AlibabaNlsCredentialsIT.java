package io.mrcpj.asr.alibaba;

import static io.mrcpj.asr.alibaba.Harness.SPEECH_16K;
import static io.mrcpj.asr.alibaba.Harness.TOKEN_ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.StreamRequest;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the token comes from (a token file, an AccessKey pair and a stand-in CreateToken service,
 * renewal before expiry) and how the connection is secured (a certificate the JDK does not trust is
 * refused, unlike the SDK's own transport would).
 */
class AlibabaNlsCredentialsIT {

  private static final String KEY_ID = "LTAItestkeyid";
  private static final String KEY_SECRET = "test-secret";

  private final Harness h = new Harness();

  @AfterEach
  void closeAll() throws Exception {
    h.close();
  }

  @Test
  void anAccessKeyMakesTokensAndRenewsThemBeforeTheyExpire() throws Exception {
    FakeTokenService tokens = h.keep(new FakeTokenService(KEY_ID, KEY_SECRET));
    tokens.lifetimeSeconds = 2; // renewed after 80%: 1.6 s
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    // Renewed every second or so: however slow the machine, the tokens it makes are accepted.
    script.tokens =
        IntStream.rangeClosed(1, 100).mapToObj(i -> "ak-token-" + i).collect(Collectors.toSet());
    FakeNlsServer server = h.server(script);
    Map<String, String> env =
        Map.of(Credentials.KEY_ID_ENV, KEY_ID, Credentials.KEY_SECRET_ENV, KEY_SECRET);
    AlibabaNlsEngine engine =
        h.engine(server.url(), env, "token-url", tokens.url(), "region", "cn-beijing");

    // The first token was made at load, with a request the service could check.
    assertThat(tokens.requests).hasSize(1);
    Map<String, String> request = tokens.requests.get(0);
    assertThat(request)
        .containsEntry("Action", "CreateToken")
        .containsEntry("Version", "2019-02-28")
        .containsEntry("RegionId", "cn-beijing")
        .containsEntry("Format", "JSON")
        .containsEntry("SignatureMethod", "HMAC-SHA1")
        .containsEntry("SignatureVersion", "1.0");
    assertThat(request.get("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    recognize(engine);
    assertThat(server.connections.get(0).token).isEqualTo("ak-token-1");

    await().atMost(Duration.ofSeconds(6)).until(() -> tokens.requests.size() >= 2);
    recognize(engine);
    assertThat(server.connections.get(1).token).startsWith("ak-token-").isNotEqualTo("ak-token-1");
  }

  @Test
  void anAccessKeyTheServiceRefusesFailsTheLoad() throws Exception {
    FakeTokenService tokens = h.keep(new FakeTokenService("another-key-id", KEY_SECRET));
    Map<String, String> env =
        Map.of(Credentials.KEY_ID_ENV, KEY_ID, Credentials.KEY_SECRET_ENV, KEY_SECRET);
    assertThatThrownBy(() -> h.engine("ws://127.0.0.1:9/ws/v1", env, "token-url", tokens.url()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("cannot make a token")
        .hasMessageContaining("404")
        .hasMessageContaining("InvalidAccessKeyId.NotFound")
        .hasMessageNotContaining(KEY_SECRET);
  }

  @Test
  void aCredentialsFileIsReadAndAWrongSecretIsRefused(@TempDir Path dir) throws Exception {
    FakeTokenService tokens = h.keep(new FakeTokenService(KEY_ID, KEY_SECRET));
    Path file = dir.resolve("credentials");
    Files.writeString(
        file, "[default]\naccess_key_id = " + KEY_ID + "\naccess_key_secret = wrong-secret\n");
    assertThatThrownBy(
            () ->
                h.engine(
                    "ws://127.0.0.1:9/ws/v1",
                    Map.of(),
                    "token-url",
                    tokens.url(),
                    "credentials-file",
                    file.toString()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("SignatureDoesNotMatch");
    assertThat(tokens.requests).hasSize(1);
    assertThat(tokens.requests.get(0)).containsEntry("AccessKeyId", KEY_ID);
  }

  @Test
  void aTokenFileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.tokens = java.util.Set.of("file-token-1", "file-token-2");
    FakeNlsServer server = h.server(script);
    Path file = dir.resolve("token");
    Files.writeString(file, "file-token-1\n", StandardCharsets.UTF_8);
    AlibabaNlsEngine engine =
        h.engine(server.url(), TOKEN_ENV, "token-file", file.toString()); // the file wins
    recognize(engine);
    Files.writeString(file, "file-token-2\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    recognize(engine);
    assertThat(server.connections)
        .extracting(c -> c.token)
        .containsExactly("file-token-1", "file-token-2");
  }

  @Test
  void wssRefusesACertificateTheJdkDoesNotTrust(@TempDir Path dir) throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.tls = SslContextBuilder.forServer(selfSigned(dir)).build();
    FakeNlsServer server = h.server(script);
    assertThat(server.url()).startsWith("wss://");
    AlibabaNlsEngine engine = h.engine(server.url(), TOKEN_ENV);
    Recorder events = new Recorder();
    engine.open(StreamRequest.transcribe("en-US"), events).endOfInput();
    EngineException e = events.error(10);
    assertThat(e.getMessage()).contains("TLS with " + server.url() + " failed");
    assertThat(Failures.find(e, SSLHandshakeException.class)).isNotNull();
    // The token never left: the upgrade request was not sent.
    assertThat(server.connections).allMatch(c -> c.token == null);
    await().atMost(Duration.ofSeconds(2)).until(() -> engine.activeStreams() == 0);
  }

  private static void recognize(AlibabaNlsEngine engine) throws Exception {
    assertThat(Harness.recognize(engine, StreamRequest.transcribe("en-US"), SPEECH_16K, 16_000))
        .extracting(Hypothesis::text)
        .containsExactly("four five six one");
  }

  /** A key manager with a self-signed key pair for 127.0.0.1 made by the running JDK's keytool. */
  private static KeyManagerFactory selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("gateway.p12");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(
        List.of(
            "-genkeypair",
            "-alias",
            "gateway",
            "-keyalg",
            "EC",
            "-validity",
            "1",
            "-dname",
            "CN=127.0.0.1",
            "-ext",
            "SAN=IP:127.0.0.1",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            "secret"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "secret".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "secret".toCharArray());
    return kmf;
  }
}
