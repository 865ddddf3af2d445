package io.mrcpj.tts.flite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.Voice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FliteVoicesTest {

  @Test
  void theListIsReadFromFlitesLvOutput() throws Exception {
    assertThat(
            FliteVoices.parseList("flite", "Voices available: kal awb_time kal16 awb rms slt \n"))
        .containsExactly("kal", "awb_time", "kal16", "awb", "rms", "slt");
    assertThat(FliteVoices.parseList("flite", "Voices available:\n")).isEmpty();
  }

  @Test
  void aProgramThatPrintsNoVoiceListIsNotFlite() {
    assertThatThrownBy(() -> FliteVoices.parseList("/bin/echo", "-lv"))
        .isInstanceOf(SynthesisException.class)
        .hasMessage(
            "flite program '/bin/echo' does not look like flite: '-lv' printed no 'Voices"
                + " available:' line but: -lv");
  }

  @Test
  void theDefaultComesFirstAndOnlyKnownSixteenKilohertzVoicesFollow() throws Exception {
    List<Voice> voices =
        FliteVoices.offered(List.of("kal", "awb_time", "kal16", "awb", "rms", "slt", "x"), "slt");
    assertThat(voices).extracting(Voice::name).containsExactly("slt", "rms", "awb", "kal16");
    assertThat(voices.get(0)).isEqualTo(new Voice("slt", "female", 0, "en-US"));
    assertThat(voices.get(1).gender()).isEqualTo("male");
  }

  @Test
  void aDefaultVoiceThisFliteLacksIsRefusedWithWhatItHas() {
    assertThatThrownBy(() -> FliteVoices.offered(List.of("kal", "slt"), "rms"))
        .isInstanceOf(SynthesisException.class)
        .hasMessage("flite setting voice: this flite has no voice 'rms' (it lists: kal slt)");
  }

  @Test
  void theTextGoesByFileAndTheRateAsADurationStretch() {
    List<String> command =
        FliteEngine.command("flite", "rms", 2.0, Path.of("/t/a.txt"), Path.of("/t/a.wav"));
    assertThat(command)
        .containsExactly(
            "flite",
            "-voice",
            "rms",
            "--setf",
            "duration_stretch=0.5000",
            "-f",
            "/t/a.txt",
            "-o",
            "/t/a.wav");
    assertThat(FliteEngine.command("flite", "rms", 0.8, Path.of("t"), Path.of("w")))
        .contains("duration_stretch=1.2500");
  }
}
