package io.mrcpj.asr.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleSettingsTest {

  @Test
  void defaults() throws Exception {
    GoogleSettings s = GoogleSettings.parse(Map.of());
    assertThat(s.endpoint()).isEqualTo("speech.googleapis.com:443");
    assertThat(s.plaintext()).isFalse();
    assertThat(s.credentialsFile()).isNull();
    assertThat(s.model()).isNull();
    assertThat(s.language()).isEqualTo("en-US");
    assertThat(s.finalTimeoutMs()).isEqualTo(10_000);
    assertThat(s.maxQueuedSeconds()).isEqualTo(30);
    assertThat(s.maxQueuedBytes()).isEqualTo(30L * 32_000);
    assertThat(s.threads()).isEqualTo(2);
  }

  @Test
  void valuesAreRead() throws Exception {
    GoogleSettings s =
        GoogleSettings.parse(
            Map.of(
                "credentials-file", " /etc/mrcpj/google.json ",
                "endpoint", "eu-speech.googleapis.com:443",
                "plaintext", "TRUE",
                "model", "phone_call",
                "language", "de-DE",
                "final-timeout-ms", "2500",
                "max-queued-seconds", "5",
                "threads", "4"));
    assertThat(s.credentialsFile()).isEqualTo(Path.of("/etc/mrcpj/google.json"));
    assertThat(s.endpoint()).isEqualTo("eu-speech.googleapis.com:443");
    assertThat(s.plaintext()).isTrue();
    assertThat(s.model()).isEqualTo("phone_call");
    assertThat(s.language()).isEqualTo("de-DE");
    assertThat(s.finalTimeoutMs()).isEqualTo(2500);
    assertThat(s.maxQueuedSeconds()).isEqualTo(5);
    assertThat(s.threads()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({
    "endpoint, speech.googleapis.com",
    "endpoint, https://speech.googleapis.com:443",
    "endpoint, speech.googleapis.com:0",
    "endpoint, speech.googleapis.com:x",
    "plaintext, yes",
    "final-timeout-ms, 0",
    "final-timeout-ms, soon",
    "max-queued-seconds, 0",
    "threads, 65",
  })
  void badValuesNameTheSetting(String key, String value) {
    assertThatThrownBy(() -> GoogleSettings.parse(Map.of(key, value)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("google setting " + key)
        .hasMessageContaining(value);
  }
}
