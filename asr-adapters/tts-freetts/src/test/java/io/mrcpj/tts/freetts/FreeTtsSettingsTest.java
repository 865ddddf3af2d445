package io.mrcpj.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.tts.spi.SynthesisException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreeTtsSettingsTest {

  @Test
  void defaultsAreKevin16OnTwoThreads() throws Exception {
    FreeTtsSettings s = FreeTtsSettings.parse(Map.of());
    assertThat(s.voice()).isEqualTo(KevinVoice.KEVIN16);
    assertThat(s.threads()).isEqualTo(2);
    assertThat(s.maxQueued()).isEqualTo(64);
  }

  @Test
  void voiceNamesIgnoreCaseAndSpaces() throws Exception {
    FreeTtsSettings s =
        FreeTtsSettings.parse(Map.of("voice", " Kevin ", "threads", "4", "max-queued", "0"));
    assertThat(s.voice()).isEqualTo(KevinVoice.KEVIN);
    assertThat(s.voice().sampleRate()).isEqualTo(8000);
    assertThat(s.threads()).isEqualTo(4);
    assertThat(s.maxQueued()).isZero();
  }

  @Test
  void anUnknownVoiceIsRefusedNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> FreeTtsSettings.parse(Map.of("voice", "alan")))
        .isInstanceOf(SynthesisException.class)
        .hasMessage("freetts setting voice must be one of kevin16, kevin: alan");
  }

  @Test
  void badNumbersAreRefusedNamingTheSettingAndTheRange() {
    assertThatThrownBy(() -> FreeTtsSettings.parse(Map.of("threads", "0")))
        .isInstanceOf(SynthesisException.class)
        .hasMessage("freetts setting threads must be a whole number from 1 to 64: 0");
    assertThatThrownBy(() -> FreeTtsSettings.parse(Map.of("max-queued", "lots")))
        .hasMessage("freetts setting max-queued must be a whole number from 0 to 100000: lots");
  }
}
