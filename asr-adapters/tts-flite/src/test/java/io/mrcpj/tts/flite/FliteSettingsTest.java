package io.mrcpj.tts.flite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.tts.spi.SynthesisException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FliteSettingsTest {

  @Test
  void defaultsRunFliteFromThePathWithRms() throws Exception {
    FliteSettings s = FliteSettings.parse(Map.of());
    assertThat(s.program()).isEqualTo("flite");
    assertThat(s.voice()).isEqualTo("rms");
    assertThat(s.timeoutMs()).isEqualTo(30_000);
    assertThat(s.maxAudioSeconds()).isEqualTo(300);
    assertThat(s.threads()).isEqualTo(2);
    assertThat(s.maxQueued()).isEqualTo(64);
    assertThat(s.tempRoot()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Test
  void everySettingIsRead(@TempDir Path temp) throws Exception {
    FliteSettings s =
        FliteSettings.parse(
            Map.of(
                "program", " /opt/flite/bin/flite ",
                "voice", "SLT",
                "timeout-ms", "5000",
                "max-audio-seconds", "60",
                "threads", "4",
                "max-queued", "0",
                "temp-dir", temp.toString()));
    assertThat(s).isEqualTo(new FliteSettings("/opt/flite/bin/flite", "slt", 5000, 60, 4, 0, temp));
  }

  @Test
  void theEightKilohertzAndLimitedDomainVoicesAreRefusedWithTheChoices() {
    assertThatThrownBy(() -> FliteSettings.parse(Map.of("voice", "kal")))
        .isInstanceOf(SynthesisException.class)
        .hasMessage(
            "flite setting voice must be one of rms, slt, awb, kal16 (kal is 8 kHz: use kal16):"
                + " kal");
    assertThatThrownBy(() -> FliteSettings.parse(Map.of("voice", "awb_time")))
        .hasMessageStartingWith("flite setting voice must be one of");
  }

  @Test
  void badNumbersAndFoldersAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> FliteSettings.parse(Map.of("timeout-ms", "50")))
        .hasMessage("flite setting timeout-ms must be a whole number from 100 to 600000: 50");
    assertThatThrownBy(() -> FliteSettings.parse(Map.of("max-audio-seconds", "0")))
        .hasMessage("flite setting max-audio-seconds must be a whole number from 1 to 3600: 0");
    assertThatThrownBy(() -> FliteSettings.parse(Map.of("temp-dir", "/no/such/folder")))
        .hasMessage("flite setting temp-dir must be an existing folder: /no/such/folder");
  }
}
