package io.mrcpj.asr.voskremote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteVoskSettingsTest {

  @Test
  void theProviderIsFoundByNameAndAMissingUrlIsAnErrorNamingTheSetting() {
    RecognitionEngineProvider provider =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("vosk-remote"))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> provider.create(Map.of()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("vosk-remote setting url is required");
    assertThatThrownBy(() -> provider.create(Map.of("url", "  ")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("setting url");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://asr:2700", "asr-host:2700", "ws://", "ws:///path", "ws://a b", "2700"})
  void aBadUrlIsAnErrorNamingTheSetting(String url) {
    assertThatThrownBy(() -> RemoteVoskSettings.parse(Map.of("url", url)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("vosk-remote setting url")
        .extracting(e -> ((EngineException) e).kind())
        .isEqualTo(EngineException.Kind.ENGINE_FAILURE);
  }

  @Test
  void credentialsInTheUrlAreRefusedAndNotRepeated() {
    assertThatThrownBy(() -> RemoteVoskSettings.parse(Map.of("url", "ws://bob:hunter2@asr:2700")))
        .hasMessageContaining("setting url")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void defaults() throws EngineException {
    RemoteVoskSettings s = RemoteVoskSettings.parse(Map.of("url", "ws://asr-host:2700"));
    assertThat(s.host()).isEqualTo("asr-host");
    assertThat(s.port()).isEqualTo(2700);
    assertThat(s.tls()).isFalse();
    assertThat(s.connectTimeoutMs()).isEqualTo(5000);
    assertThat(s.finalTimeoutMs()).isEqualTo(10000);
    assertThat(s.maxAlternatives()).isEqualTo(5);
    assertThat(s.language()).isEqualTo("en-US");
    assertThat(s.sampleRate()).isEqualTo(16000);
    assertThat(s.maxQueuedBytes()).isEqualTo(30L * 16000 * 2);
  }

  @Test
  void wssDefaultsToPort443AndIpv6LiteralsLoseTheirBrackets() throws EngineException {
    RemoteVoskSettings s = RemoteVoskSettings.parse(Map.of("url", "wss://asr.example.com/vosk"));
    assertThat(s.tls()).isTrue();
    assertThat(s.port()).isEqualTo(443);
    RemoteVoskSettings v6 = RemoteVoskSettings.parse(Map.of("url", "ws://[::1]:2700"));
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(RemoteVoskSettings.parse(Map.of("url", "ws://asr")).port()).isEqualTo(80);
  }

  @Test
  void everyNumberIsCheckedAndNamed() {
    for (String key :
        new String[] {
          "connect-timeout-ms",
          "final-timeout-ms",
          "max-alternatives",
          "sample-rate",
          "max-queued-seconds",
          "io-threads"
        }) {
      assertThatThrownBy(() -> RemoteVoskSettings.parse(Map.of("url", "ws://a:1", key, "-5")))
          .as(key)
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("vosk-remote setting " + key);
      assertThatThrownBy(() -> RemoteVoskSettings.parse(Map.of("url", "ws://a:1", key, "ten")))
          .as(key)
          .hasMessageContaining("vosk-remote setting " + key);
    }
    assertThatThrownBy(
            () -> RemoteVoskSettings.parse(Map.of("url", "ws://a:1", "sample-rate", "11025")))
        .hasMessageContaining("sample-rate must be 8000 or 16000");
  }

  @Test
  void settingsAreTaken() throws EngineException {
    RemoteVoskSettings s =
        RemoteVoskSettings.parse(
            Map.of(
                "url", "ws://a:1",
                "connect-timeout-ms", "250",
                "max-alternatives", "0",
                "language", "de-DE",
                "sample-rate", "8000",
                "max-queued-seconds", "2"));
    assertThat(s.connectTimeoutMs()).isEqualTo(250);
    assertThat(s.maxAlternatives()).isZero();
    assertThat(s.language()).isEqualTo("de-DE");
    assertThat(s.sampleRate()).isEqualTo(8000);
    assertThat(s.maxQueuedBytes()).isEqualTo(2L * 8000 * 2);
  }
}
