package io.mrcpj.asr.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mrcpj.asr.spi.Hypothesis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.transcribestreaming.model.Alternative;
import software.amazon.awssdk.services.transcribestreaming.model.Item;
import software.amazon.awssdk.services.transcribestreaming.model.ItemType;
import software.amazon.awssdk.services.transcribestreaming.model.Result;

class SegmentsTest {

  private static Alternative alt(String text, Double... confidences) {
    List<Item> items = new ArrayList<>();
    String[] words = text.replace(".", "").split(" ");
    for (int i = 0; i < words.length; i++) {
      items.add(
          Item.builder()
              .content(words[i])
              .type(ItemType.PRONUNCIATION)
              .confidence(i < confidences.length ? confidences[i] : null)
              .build());
    }
    if (text.endsWith(".")) {
      items.add(Item.builder().content(".").type(ItemType.PUNCTUATION).confidence(0.0).build());
    }
    return Alternative.builder().transcript(text).items(items).build();
  }

  private static Result result(String id, boolean partial, Alternative... alts) {
    return Result.builder().resultId(id).isPartial(partial).alternatives(alts).build();
  }

  @Test
  void finishedResultsJoinAndTheLastGivesTheNBest() {
    Segments s = new Segments();
    assertThat(s.add(result("a", true, alt("hello", 0.5))))
        .isEqualTo(new Hypothesis("hello", 0.5f));
    assertThat(s.add(result("a", true, alt("hello", 0.6)))).as("same words").isNull();
    assertThat(s.add(result("a", false, alt("Hello there.", 1.0, 0.8)))).isNull();
    assertThat(s.add(result("a", false, alt("Hello again.", 1.0, 0.8)))).as("sent twice").isNull();
    Hypothesis p = s.add(result("b", true, alt("how", 0.3)));
    assertThat(p.text()).isEqualTo("Hello there. how");
    assertThat(p.confidence()).isCloseTo((1.0f + 0.8f + 0.3f) / 3, within(1e-5f));
    s.add(
        result("b", false, alt("How are you?", 0.9, 0.9, 0.9), alt("Who are you?", 0.3, 0.9, 0.9)));

    List<Hypothesis> nBest = s.complete(5);
    assertThat(nBest)
        .extracting(Hypothesis::text)
        .containsExactly("Hello there. How are you?", "Hello there. Who are you?");
    assertThat(nBest.get(0).confidence()).isCloseTo((1.0f + 0.8f + 2.7f) / 5, within(1e-5f));
    assertThat(nBest.get(1).confidence()).isCloseTo((1.0f + 0.8f + 2.1f) / 5, within(1e-5f));
    assertThat(s.complete(1)).hasSize(1);
  }

  @Test
  void nothingHeardIsEmptyAndNoConfidenceIsOne() {
    Segments s = new Segments();
    s.add(result("a", false, alt("  ")));
    assertThat(s.complete(3)).isEmpty();
    s.add(result("b", false, alt("yes")));
    assertThat(s.complete(3)).containsExactly(new Hypothesis("yes", 1f));
  }
}
