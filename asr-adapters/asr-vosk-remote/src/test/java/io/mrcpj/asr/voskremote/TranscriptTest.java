package io.mrcpj.asr.voskremote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.asr.spi.Hypothesis;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

  @Test
  void withoutSegmentsTheLastResultIsTheResult() {
    List<Hypothesis> last = List.of(new Hypothesis("yes", 0.7f), new Hypothesis("us", 0.3f));
    assertThat(new Transcript().complete(last)).isEqualTo(last);
    assertThat(new Transcript().complete(List.of())).isEmpty();
  }

  @Test
  void earlierSegmentsGoInFrontOfEveryHypothesisAndCapTheConfidence() {
    Transcript t = new Transcript();
    t.segment(List.of(new Hypothesis("four five", 0.9f), new Hypothesis("for five", 0.1f)));
    t.segment(List.of());
    t.segment(List.of(new Hypothesis("six", 0.5f)));
    List<Hypothesis> out =
        t.complete(List.of(new Hypothesis("one", 0.95f), new Hypothesis("won", 0.05f)));
    assertThat(out)
        .containsExactly(
            new Hypothesis("four five six one", 0.7f), new Hypothesis("four five six won", 0.05f));
    assertThat(t.complete(List.of())).containsExactly(new Hypothesis("four five six", 0.7f));
  }

  @Test
  void partialsAreReportedOnlyWhenTheyChangeAndFollowEarlierSegments() {
    Transcript t = new Transcript();
    assertThat(t.partial("")).isNull();
    assertThat(t.partial("four")).isEqualTo(new Hypothesis("four", 0.5f));
    assertThat(t.partial("four")).isNull();
    t.segment(List.of(new Hypothesis("four five", 1f)));
    assertThat(t.partial("")).isNull();
    assertThat(t.partial("six")).isEqualTo(new Hypothesis("four five six", 0.5f));
  }
}
