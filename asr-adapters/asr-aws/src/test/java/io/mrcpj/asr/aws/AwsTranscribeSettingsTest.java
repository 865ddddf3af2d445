package io.mrcpj.asr.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsTranscribeSettingsTest {

  @Test
  void defaults() throws Exception {
    AwsTranscribeSettings s = AwsTranscribeSettings.parse(Map.of());
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.endpoint()).isNull();
    assertThat(s.profile()).isNull();
    assertThat(s.language()).isEqualTo("en-US");
    assertThat(s.partialStability()).isNull();
    assertThat(s.vocabularyName()).isNull();
    assertThat(s.finalTimeoutMs()).isEqualTo(10_000);
    assertThat(s.connectTimeoutMs()).isEqualTo(5_000);
    assertThat(s.maxQueuedBytes()).isEqualTo(30L * 32_000);
    assertThat(s.ioThreads()).isEqualTo(2);
  }

  @Test
  void values() throws Exception {
    AwsTranscribeSettings s =
        AwsTranscribeSettings.parse(
            Map.of(
                "region", "EU-West-1",
                "endpoint", "http://127.0.0.1:8443",
                "profile", "speech",
                "language", "de-de",
                "partial-stability", "Medium",
                "final-timeout-ms", "2500"));
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8443"));
    assertThat(s.profile()).isEqualTo("speech");
    assertThat(s.language()).isEqualTo("de-DE");
    assertThat(s.partialStability()).isEqualTo("medium");
    assertThat(s.finalTimeoutMs()).isEqualTo(2500);
  }

  @Test
  void badValuesNameTheSetting() {
    assertBad(Map.of("region", "mars"), "aws-transcribe setting region");
    assertBad(Map.of("endpoint", "ftp://x"), "endpoint must start with https://");
    assertBad(Map.of("endpoint", "https://user:pw@x"), "must not carry");
    assertBad(Map.of("language", "tlh-KX"), "setting language");
    assertBad(Map.of("partial-stability", "always"), "partial-stability");
    assertBad(Map.of("final-timeout-ms", "0"), "final-timeout-ms must be a whole number");
    assertBad(Map.of("io-threads", "many"), "io-threads");
    assertBad(Map.of("profile", "a b"), "profile");
  }

  private static void assertBad(Map<String, String> s, String message) {
    assertThatThrownBy(() -> AwsTranscribeSettings.parse(s))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(message);
  }

  @Test
  void languagesMapToTranscribeCodes() {
    assertThat(Languages.resolve("en-us", "en-US")).isEqualTo("en-US");
    assertThat(Languages.resolve("en", "en-GB")).isEqualTo("en-GB");
    assertThat(Languages.resolve("de", "en-US")).isEqualTo("de-DE");
    assertThat(Languages.resolve("", "en-US")).isEqualTo("en-US");
    assertThat(Languages.resolve("xx-YY", "en-US")).isNull();
    assertThat(Languages.CODES).contains("en-US", "es-US", "fr-FR", "ja-JP");
  }
}
