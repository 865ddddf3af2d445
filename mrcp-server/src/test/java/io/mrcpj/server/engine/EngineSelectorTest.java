package io.mrcpj.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineSelectorTest {

  /** An engine that only has a name, a queue and a busy time. */
  private record Named(String name, long busy, int queued) implements RecognitionEngine {
    @Override
    public Set<String> languages() {
      return Set.of("*");
    }

    @Override
    public int sampleRate() {
      return 16000;
    }

    @Override
    public RecognitionStream open(StreamRequest request, RecognitionListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long busyNanos() {
      return busy;
    }

    @Override
    public int queuedWork() {
      return queued;
    }

    @Override
    public void close() {}
  }

  private final Named main = new Named("main", -1, -1);
  private final Named german = new Named("german", 5, 2);
  private final Named other = new Named("other", 7, -1);

  @Test
  void aNamedEngineWinsThenTheLanguageThenTheDefault() throws Exception {
    EngineSelector s =
        new EngineSelector(List.of(main, german, other), Map.of("de", "german", "fr-CA", "other"));
    assertThat(s.choose("other", "de-DE")).isSameAs(other);
    assertThat(s.choose(null, "de-DE")).isSameAs(german);
    assertThat(s.choose(" ", "DE")).isSameAs(german);
    assertThat(s.choose(null, "fr-ca")).isSameAs(other);
    assertThat(s.choose(null, "fr-FR")).isSameAs(main); // neither the tag nor "fr" is mapped
    assertThat(s.choose(null, "en-US")).isSameAs(main);
    assertThat(s.choose(null, null)).isSameAs(main);
    assertThat(s.has("GERMAN")).isTrue();
    assertThat(s.has("whisper")).isFalse();
    assertThatThrownBy(() -> s.choose("whisper", "de"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("whisper");
  }

  @Test
  void aMapNamingAnEngineNotLoadedIsRefused() {
    assertThatThrownBy(() -> new EngineSelector(List.of(main, german), Map.of("it", "italian")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("italian");
  }

  @Test
  void busyTimeAndQueuesAreSummedOverTheEnginesThatHaveThem() throws Exception {
    assertThat(new EngineSelector(List.of(main, german, other)).busyNanos()).isEqualTo(12);
    assertThat(new EngineSelector(List.of(main, german, other)).queuedWork()).isEqualTo(2);
    assertThat(new EngineSelector(List.of(main, new Named("x", -1, -1))).busyNanos()).isEqualTo(-1);
  }
}
