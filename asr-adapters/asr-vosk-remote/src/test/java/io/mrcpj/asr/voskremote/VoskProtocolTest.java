package io.mrcpj.asr.voskremote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.voskremote.VoskProtocol.MalformedReplyException;
import io.mrcpj.asr.voskremote.VoskProtocol.Other;
import io.mrcpj.asr.voskremote.VoskProtocol.Partial;
import io.mrcpj.asr.voskremote.VoskProtocol.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoskProtocolTest {

  @Test
  void endOfInputIsSpelledExactlyAsVoskServerComparesIt() {
    assertThat(VoskProtocol.EOF).isEqualTo("{\"eof\" : 1}");
  }

  @Test
  void configWithoutPhrases() {
    assertThat(VoskProtocol.config(16000, 0, List.of()))
        .isEqualTo("{\"config\":{\"sample_rate\":16000,\"max_alternatives\":0,\"words\":1}}");
  }

  @Test
  void phrasesAreLowerCasedDeduplicatedAndEndWithUnknown() {
    assertThat(VoskProtocol.config(8000, 3, List.of(" Yes ", "NO  thanks", "yes", " ")))
        .isEqualTo(
            "{\"config\":{\"sample_rate\":8000,\"max_alternatives\":3,\"words\":1,"
                + "\"phrase_list\":[\"yes\",\"no thanks\",\"[unk]\"]}}");
  }

  @Test
  void aResultsConfidenceIsTheMeanOfItsWordsWithoutUnknown() throws Exception {
    String json =
        "{\"result\":[{\"conf\":1.0,\"start\":0.1,\"end\":0.4,\"word\":\"four\"},"
            + "{\"conf\":0.6,\"start\":0.4,\"end\":0.7,\"word\":\"five\"},"
            + "{\"conf\":0.1,\"start\":0.7,\"end\":0.9,\"word\":\"[unk]\"}],"
            + "\"text\":\"four five [unk]\"}";
    Result r = (Result) VoskProtocol.parse(json, 1);
    assertThat(r.nBest()).hasSize(1);
    assertThat(r.nBest().get(0).text()).isEqualTo("four five");
    assertThat(r.nBest().get(0).confidence())
        .isCloseTo(0.8f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void aResultWithoutWordsHasFullConfidenceAndAnEmptyOneNoHypothesis() throws Exception {
    assertThat(((Result) VoskProtocol.parse("{\"text\":\"yes\"}", 1)).nBest())
        .containsExactly(new Hypothesis("yes", 1f));
    assertThat(((Result) VoskProtocol.parse("{\"text\":\"\"}", 1)).nBest()).isEmpty();
    assertThat(((Result) VoskProtocol.parse("{\"text\":\"[unk]\"}", 1)).nBest()).isEmpty();
  }

  @Test
  void alternativesBecomeProbabilitiesInTheirOrderCappedAtNBest() throws Exception {
    String json =
        "{\"alternatives\":[{\"confidence\":210.5,\"text\":\"four five six one\"},"
            + "{\"confidence\":209.8,\"text\":\"for five six one\"},"
            + "{\"confidence\":209.8,\"text\":\"four five six one [unk]\"},"
            + "{\"confidence\":205.0,\"text\":\"four five six won\"},"
            + "{\"confidence\":200.0,\"text\":\"\"}]}";
    List<Hypothesis> three = ((Result) VoskProtocol.parse(json, 3)).nBest();
    assertThat(three)
        .extracting(Hypothesis::text)
        .containsExactly("four five six one", "for five six one", "four five six won");
    // The repeat (once [unk] is dropped) and the empty text take no share.
    double e1 = 1, e2 = Math.exp(-0.7), e3 = Math.exp(-5.5);
    assertThat((double) three.get(0).confidence()).isCloseTo(e1 / (e1 + e2 + e3), within());
    assertThat((double) three.get(1).confidence()).isCloseTo(e2 / (e1 + e2 + e3), within());
    assertThat(((Result) VoskProtocol.parse(json, 1)).nBest()).hasSize(1);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }

  @Test
  void partialsKeepUnknownWords() throws Exception {
    assertThat(VoskProtocol.parse("{\"partial\" : \"four  [unk] six\"}", 1))
        .isEqualTo(new Partial("four [unk] six"));
    assertThat(VoskProtocol.parse("{\"partial\" : \"\"}", 1)).isEqualTo(new Partial(""));
  }

  @Test
  void otherObjectsAreAnswersOfNoKnownShape() throws Exception {
    assertThat(VoskProtocol.parse("{\"spk\":[0.1,0.2]}", 1)).isInstanceOf(Other.class);
  }

  @Test
  void malformedOrNonObjectRepliesAreRejected() {
    assertThatThrownBy(() -> VoskProtocol.parse("{\"partial\" : \"four", 1))
        .isInstanceOf(MalformedReplyException.class)
        .hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> VoskProtocol.parse("[1,2]", 1))
        .isInstanceOf(MalformedReplyException.class)
        .hasMessageContaining("not an object");
    assertThatThrownBy(() -> VoskProtocol.parse("", 1)).isInstanceOf(MalformedReplyException.class);
  }
}
