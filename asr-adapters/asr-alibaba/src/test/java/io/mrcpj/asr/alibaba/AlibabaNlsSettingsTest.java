package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlibabaNlsSettingsTest {

  @Test
  void defaults() throws Exception {
    AlibabaNlsSettings s = AlibabaNlsSettings.parse(Map.of());
    assertThat(s.region()).isEqualTo("cn-shanghai");
    // The SDK's own default gateway (NlsClient.DEFAULT_SERVER_ADDR).
    assertThat(s.url()).isEqualTo(URI.create("wss://nls-gateway.cn-shanghai.aliyuncs.com/ws/v1"));
    assertThat(s.tls()).isTrue();
    assertThat(s.port()).isEqualTo(443);
    assertThat(s.tokenUrl()).isEqualTo(URI.create("https://nls-meta.cn-shanghai.aliyuncs.com/"));
    assertThat(s.appKey()).isNull();
    assertThat(s.tokenFile()).isNull();
    assertThat(s.credentialsFile()).isNull();
    assertThat(s.language()).isEqualTo("zh-CN");
    assertThat(s.sampleRate()).isEqualTo(16_000);
    assertThat(s.enablePunctuation()).isFalse();
    assertThat(s.enableItn()).isFalse();
    assertThat(s.vocabularyId()).isNull();
    assertThat(s.customizationId()).isNull();
    assertThat(s.connectTimeoutMs()).isEqualTo(5_000);
    assertThat(s.finalTimeoutMs()).isEqualTo(10_000);
    assertThat(s.maxQueuedBytes()).isEqualTo(30L * 32_000);
    assertThat(s.threads()).isEqualTo(32);
    assertThat(s.ioThreads()).isEqualTo(2);
  }

  @Test
  void values() throws Exception {
    AlibabaNlsSettings s =
        AlibabaNlsSettings.parse(
            Map.ofEntries(
                Map.entry("region", " AP-Southeast-1 "),
                Map.entry("app-key", "abcDEF123"),
                Map.entry("token-file", "/run/nls/token"),
                Map.entry("credentials-file", "/etc/nls/credentials"),
                Map.entry("language", "en-US"),
                Map.entry("sample-rate", "8000"),
                Map.entry("enable-punctuation", "TRUE"),
                Map.entry("enable-itn", "true"),
                Map.entry("vocabulary-id", "0123abcd"),
                Map.entry("customization-id", "model_1"),
                Map.entry("connect-timeout-ms", "2500"),
                Map.entry("max-queued-seconds", "5"),
                Map.entry("threads", "4")));
    assertThat(s.region()).isEqualTo("ap-southeast-1");
    assertThat(s.url().toString()).isEqualTo("wss://nls-gateway.ap-southeast-1.aliyuncs.com/ws/v1");
    assertThat(s.tokenUrl().toString()).isEqualTo("https://nls-meta.ap-southeast-1.aliyuncs.com/");
    assertThat(s.appKey()).isEqualTo("abcDEF123");
    assertThat(s.tokenFile()).isEqualTo(Path.of("/run/nls/token"));
    assertThat(s.credentialsFile()).isEqualTo(Path.of("/etc/nls/credentials"));
    assertThat(s.sampleRate()).isEqualTo(8000);
    assertThat(s.enablePunctuation()).isTrue();
    assertThat(s.enableItn()).isTrue();
    assertThat(s.vocabularyId()).isEqualTo("0123abcd");
    assertThat(s.customizationId()).isEqualTo("model_1");
    assertThat(s.connectTimeoutMs()).isEqualTo(2500);
    assertThat(s.maxQueuedBytes()).isEqualTo(5L * 16_000);
    assertThat(s.threads()).isEqualTo(4);

    AlibabaNlsSettings plain =
        AlibabaNlsSettings.parse(
            Map.of("url", "ws://10.0.0.5/ws/v1", "token-url", "http://127.0.0.1:8080/"));
    assertThat(plain.tls()).isFalse();
    assertThat(plain.port()).isEqualTo(80);
    assertThat(plain.tokenUrl().getPort()).isEqualTo(8080);
  }

  @Test
  void badValuesNameTheSetting() {
    assertBad(Map.of("region", "mars"), "alibaba-nls setting region");
    assertBad(Map.of("url", "https://nls"), "url must start with wss://");
    assertBad(Map.of("url", "wss:///ws/v1"), "url has no host");
    assertBad(Map.of("url", "wss://user:pw@nls/ws/v1"), "url must not carry");
    assertBad(Map.of("token-url", "ftp://x/"), "token-url must start with https://");
    assertBad(Map.of("app-key", "has space"), "app-key must be an id");
    assertBad(Map.of("vocabulary-id", "a/b"), "vocabulary-id must be an id");
    assertBad(Map.of("customization-id", "x".repeat(200)), "customization-id must be an id");
    assertBad(Map.of("language", "123"), "language must be a language tag");
    assertBad(Map.of("sample-rate", "11025"), "sample-rate must be 8000 or 16000");
    assertBad(Map.of("sample-rate", "48000"), "sample-rate must be a whole number");
    assertBad(Map.of("enable-itn", "yes"), "enable-itn must be true or false");
    assertBad(Map.of("enable-punctuation", "1"), "enable-punctuation must be true or false");
    assertBad(Map.of("connect-timeout-ms", "0"), "connect-timeout-ms must be a whole number");
    assertBad(Map.of("final-timeout-ms", "soon"), "final-timeout-ms");
    assertBad(Map.of("max-queued-seconds", "0"), "max-queued-seconds");
    assertBad(Map.of("threads", "1000"), "threads must be a whole number from 1 to 512");
    assertBad(Map.of("io-threads", "-1"), "io-threads");
  }

  @Test
  void aBadAppKeyIsNotEchoed() {
    assertThatThrownBy(() -> AlibabaNlsSettings.parse(Map.of("app-key", "secret value")))
        .hasMessageNotContaining("secret value");
  }

  private static void assertBad(Map<String, String> s, String message) {
    assertThatThrownBy(() -> AlibabaNlsSettings.parse(s))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(message);
  }
}
