package io.mrcpj.tts.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  @Test
  void missingOrBlankValuesTakeTheDefaultAndOthersAreTrimmed() throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("gone", null);
    values.put("blank", "  ");
    values.put("name", " rms ");
    values.put("count", " 7 ");
    EngineSettings s = new EngineSettings("tone", values);
    assertThat(s.text("gone", "x")).isEqualTo("x");
    assertThat(s.text("blank", "x")).isEqualTo("x");
    assertThat(s.text("name", "x")).isEqualTo("rms");
    assertThat(s.integer("count", 1, 1, 10)).isEqualTo(7);
    assertThat(s.integer("blank", 3, 1, 10)).isEqualTo(3);
  }

  @Test
  void aNumberOutOfRangeOrNotANumberNamesTheEngineTheSettingAndTheValue() {
    EngineSettings s = new EngineSettings("tone", Map.of("threads", "0", "timeout-ms", "soon"));
    assertThatThrownBy(() -> s.integer("threads", 2, 1, 64))
        .isInstanceOf(SynthesisException.class)
        .hasMessage("tone setting threads must be a whole number from 1 to 64: 0")
        .extracting(e -> ((SynthesisException) e).kind())
        .isEqualTo(SynthesisException.Kind.ENGINE_FAILURE);
    assertThatThrownBy(() -> s.integer("timeout-ms", 1, 1, 10))
        .hasMessage("tone setting timeout-ms must be a whole number from 1 to 10: soon");
  }
}
