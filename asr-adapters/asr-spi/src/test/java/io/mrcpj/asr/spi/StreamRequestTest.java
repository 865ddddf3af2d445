package io.mrcpj.asr.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamRequestTest {

  @Test
  void copiesItsCollectionsSoCallersCannotChangeARunningRequest() {
    List<String> phrases = new ArrayList<>(List.of("yes", "no"));
    Map<String, String> vendor = new HashMap<>(Map.of("beam", "10"));
    StreamRequest request = new StreamRequest("en-US", phrases, 2, vendor);
    phrases.add("maybe");
    vendor.put("beam", "20");
    assertThat(request.phrases()).containsExactly("yes", "no");
    assertThat(request.vendorParameters()).containsEntry("beam", "10");
  }

  @Test
  void transcriptionHasNoPhrasesAndOneResult() {
    StreamRequest request = StreamRequest.transcribe("en-US");
    assertThat(request.phrases()).isEmpty();
    assertThat(request.nBest()).isEqualTo(1);
  }

  @Test
  void rejectsANonPositiveNBest() {
    assertThatThrownBy(() -> new StreamRequest("en-US", List.of(), 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nBest");
  }

  @Test
  void hypothesisConfidenceMustBeAProbability() {
    assertThat(new Hypothesis("one", 0.87f).confidence()).isEqualTo(0.87f);
    assertThatThrownBy(() -> new Hypothesis("one", 1.5f))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hypothesis("one", Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
