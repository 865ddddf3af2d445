package io.mrcpj.asr.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import io.mrcpj.asr.spi.Hypothesis;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {

  private static StreamingRecognitionResult interim(String text, float stability) {
    return StreamingRecognitionResult.newBuilder()
        .setStability(stability)
        .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(text))
        .build();
  }

  private static StreamingRecognitionResult fin(Object... textAndConfidence) {
    StreamingRecognitionResult.Builder b = StreamingRecognitionResult.newBuilder().setIsFinal(true);
    for (int i = 0; i < textAndConfidence.length; i += 2) {
      b.addAlternatives(
          SpeechRecognitionAlternative.newBuilder()
              .setTranscript((String) textAndConfidence[i])
              .setConfidence((Float) textAndConfidence[i + 1]));
    }
    return b.build();
  }

  @Test
  void nothingHeardIsAnEmptyResult() {
    Transcript t = new Transcript(3);
    assertThat(t.accept(List.of())).isNull();
    assertThat(t.accept(List.of(fin("  ", 0.9f)))).isNull();
    assertThat(t.complete()).isEmpty();
  }

  @Test
  void interimResultsJoinAfterTheFinishedSegments() {
    Transcript t = new Transcript(1);
    assertThat(t.accept(List.of(interim("call", 0.1f)))).isEqualTo(new Hypothesis("call", 0.1f));
    assertThat(t.accept(List.of(interim("call", 0.1f)))).isNull(); // nothing new
    assertThat(t.accept(List.of(interim("call john", 0.9f), interim(" smith", 0.01f))))
        .isEqualTo(new Hypothesis("call john smith", 0.9f));
    assertThat(t.accept(List.of(fin("call john smith", 0.8f)))).isNull();
    assertThat(t.accept(List.of(interim(" at home", 0f))))
        .isEqualTo(new Hypothesis("call john smith at home", Transcript.UNKNOWN));
  }

  @Test
  void theLastSegmentsAlternativesFollowTheEarlierSegmentsBestWords() {
    Transcript t = new Transcript(2);
    t.accept(List.of(fin("one two", 0.5f, "one too", 0.1f)));
    t.accept(List.of(fin(" three", 1.0f)));
    t.accept(List.of(fin(" four", 0.95f, " for", 0f, " fore", 0.01f)));
    assertThat(t.complete())
        .containsExactly(
            new Hypothesis("one two three four", 0.75f),
            new Hypothesis("one two three for", Transcript.UNKNOWN));
  }

  @Test
  void repeatedAndEmptyAlternativesAreDropped() {
    Transcript t = new Transcript(5);
    t.accept(List.of(fin("yes", 0.6f, " yes ", 0.5f, "", 0.4f, "yeah", 1.5f)));
    assertThat(t.complete())
        .containsExactly(new Hypothesis("yes", 0.6f), new Hypothesis("yeah", 1f));
  }
}
