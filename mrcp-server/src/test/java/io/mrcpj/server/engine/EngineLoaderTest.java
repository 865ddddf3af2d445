package io.mrcpj.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.testing.SharedVosk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineLoaderTest {

  @Test
  void theDefaultEngineAndDemoAreLoadedUnlessTheListSaysOtherwise() {
    assertThat(new EngineConfig(null, null).load()).containsExactly("vosk", "demo");
    assertThat(new EngineConfig("Demo", null, null).load()).containsExactly("demo");
    assertThat(new EngineConfig("vosk", List.of(), null).load()).containsExactly("vosk");
    assertThat(new EngineConfig("demo", List.of("vosk", "demo"), null).load())
        .containsExactly("demo", "vosk");
    assertThatThrownBy(() -> new EngineConfig("vosk", List.of(" "), null))
        .hasMessageContaining("engine.load");
  }

  @Test
  void oneEngineIsReturnedAsIs() throws Exception {
    try (RecognitionEngine e = EngineLoader.load(new EngineConfig("demo", null, null))) {
      assertThat(e).isNotInstanceOf(EngineSelector.class);
      assertThat(e.name()).isEqualTo("demo");
    }
  }

  @Test
  void anUnknownEngineIsNamedWithTheAvailableOnes() {
    assertThatThrownBy(() -> EngineLoader.load(new EngineConfig("whisper", List.of(), null)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("'whisper'")
        .hasMessageContaining("vosk")
        .hasMessageContaining("demo");
    assertThatThrownBy(() -> EngineLoader.load(new EngineConfig("demo", List.of("whisper"), null)))
        .hasMessageContaining("'whisper'");
  }

  @Test
  void enginesWithDifferentRatesCannotShareASelector() throws Exception {
    try (RecognitionEngine narrow =
        EngineLoader.load(
            new EngineConfig("demo", null, Map.of("demo", Map.of("sample-rate", "8000"))))) {
      assertThatThrownBy(() -> new EngineSelector(List.of(SharedVosk.get(), narrow)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("different sample rates (16000 and 8000 Hz)");
    }
  }

  @Test
  void anEngineThatCannotLoadLeavesTheOthersServingAndFailsOnlyItsOwnRecognitions()
      throws Exception {
    EngineConfig cfg =
        new EngineConfig(
            "demo",
            List.of("google"),
            Map.of("google", Map.of("credentials-file", "/nonexistent/key.json")));
    try (RecognitionEngine e = EngineLoader.load(cfg)) {
      assertThat(e).isInstanceOf(EngineSelector.class);
      io.mrcpj.asr.spi.RecognitionListener ignore =
          new io.mrcpj.asr.spi.RecognitionListener() {
            @Override
            public void onFinal(List<io.mrcpj.asr.spi.Hypothesis> nBest) {}

            @Override
            public void onError(EngineException error) {}
          };
      StreamRequest google =
          new StreamRequest("en-US", List.of(), 1, Map.of(EngineSelector.PARAMETER, "google"));
      assertThatThrownBy(() -> e.open(google, ignore))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("'google' is not available")
          .hasMessageContaining("key.json");
      // the default engine still serves
      e.open(StreamRequest.transcribe("en-US"), ignore).close();
    }
    // the default engine itself failing still stops the start
    assertThatThrownBy(
            () ->
                EngineLoader.load(
                    new EngineConfig(
                        "google",
                        List.of(),
                        Map.of("google", Map.of("credentials-file", "/nonexistent/key.json")))))
        .isInstanceOf(EngineException.class);
  }
}
