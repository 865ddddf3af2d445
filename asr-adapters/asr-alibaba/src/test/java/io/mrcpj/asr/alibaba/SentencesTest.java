package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mrcpj.asr.spi.Hypothesis;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

  @Test
  void partialsAreTheEndedSentencesAndTheGrowingOne() {
    Sentences s = new Sentences();
    assertThat(s.changed(1, "four")).isEqualTo(new Hypothesis("four", Sentences.UNKNOWN));
    assertThat(s.changed(1, " four  five ").text()).isEqualTo("four five");
    assertThat(s.changed(1, "four five")).isNull(); // nothing new
    s.ended(1, "four five", 0.9);
    assertThat(s.changed(2, "six").text()).isEqualTo("four five six");
    s.ended(2, "six one", 0.6);
    List<Hypothesis> result = s.complete();
    assertThat(result).hasSize(1);
    assertThat(result.get(0).text()).isEqualTo("four five six one");
    assertThat((double) result.get(0).confidence()).isCloseTo(0.75, within(1e-6));
  }

  @Test
  void nothingHeardIsAnEmptyResult() {
    Sentences s = new Sentences();
    assertThat(s.changed(1, "  ")).isNull();
    s.ended(1, "", 0.2);
    assertThat(s.complete()).isEmpty();
  }

  @Test
  void confidenceIsUnknownWithoutOneAndKeptWithinRange() {
    Sentences none = new Sentences();
    none.ended(1, "hello", null);
    assertThat(none.complete().get(0).confidence()).isEqualTo(Sentences.UNKNOWN);

    Sentences odd = new Sentences();
    odd.ended(1, "a", 1.7);
    odd.ended(2, "b", -0.5);
    odd.ended(3, "c", Double.NaN);
    assertThat((double) odd.complete().get(0).confidence()).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void aSentenceSentAgainReplacesItAndOrderFollowsTheIndex() {
    Sentences s = new Sentences();
    s.ended(2, "world", 0.8);
    s.ended(1, "hello", 0.8);
    s.ended(2, "world again", 0.8);
    assertThat(s.complete().get(0).text()).isEqualTo("hello world again");
  }

  @Test
  void wordsOfASentenceThatNeverEndedAreKept() {
    Sentences s = new Sentences();
    s.ended(1, "four five", 0.9);
    s.changed(2, "six");
    Hypothesis h = s.complete().get(0);
    assertThat(h.text()).isEqualTo("four five six");
    assertThat((double) h.confidence()).isCloseTo(0.9, within(1e-6));
  }

  @Test
  void chineseAndJapaneseAreJoinedWithoutSpaces() {
    Sentences s = new Sentences();
    s.ended(1, "你好。", 0.9);
    s.ended(2, "今天天气很好", 0.9);
    s.ended(3, "OK", 0.9);
    assertThat(s.complete().get(0).text()).isEqualTo("你好。今天天气很好OK");

    assertThat(Sentences.join("Hello.", "Bye")).isEqualTo("Hello. Bye");
    assertThat(Sentences.join("こんにちは", "世界")).isEqualTo("こんにちは世界");
    assertThat(Sentences.join("价格", "100元")).isEqualTo("价格100元");
    assertThat(Sentences.join("好，", "yes")).isEqualTo("好，yes");
    assertThat(Sentences.join("", "x")).isEqualTo("x");
    assertThat(Sentences.join("x", "")).isEqualTo("x");
    assertThat(Sentences.cjk('a')).isFalse();
    assertThat(Sentences.cjk('。')).isTrue();
  }
}
