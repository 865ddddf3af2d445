package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WavFileTest {

  @Test
  void readsSoxFixtures() {
    WavFile wav = TestAudio.load("dtmf-clean-8k.wav");
    assertThat(wav.sampleRate()).isEqualTo(8000);
    assertThat(wav.sampleCount()).isEqualTo(27200); // soxi: 3.40 s
    assertThat(TestAudio.load("dtmf-clean-16k.wav").sampleRate()).isEqualTo(16000);
  }

  @Test
  void roundTrips() {
    short[] pcm = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE};
    WavFile wav = WavFile.of(16000, pcm);
    byte[] bytes = wav.toBytes();
    assertThat(bytes).hasSize(44 + 10);
    assertThat(WavFile.read(bytes)).isEqualTo(wav);
    assertThat(WavFile.read(bytes).samples()).isEqualTo(pcm);
    assertThat(wav.durationMillis()).isZero();
  }

  @Test
  void truncatedDataIsReadToTheEnd() {
    byte[] bytes = WavFile.of(8000, new short[100]).toBytes();
    assertThat(WavFile.read(Arrays.copyOf(bytes, 44 + 51)).sampleCount()).isEqualTo(25);
  }

  @Test
  void rejectsOtherFormats() {
    byte[] bytes = WavFile.of(8000, new short[4]).toBytes();
    byte[] stereo = bytes.clone();
    stereo[22] = 2;
    assertThatThrownBy(() -> WavFile.read(stereo)).isInstanceOf(IllegalArgumentException.class);
    byte[] eightBit = bytes.clone();
    eightBit[34] = 8;
    assertThatThrownBy(() -> WavFile.read(eightBit)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WavFile.read(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WavFile.read(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void garbageOnlyRaisesIllegalArgument() {
    byte[] valid = WavFile.of(8000, new short[8]).toBytes();
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = valid.clone();
      for (int k = 0; k < 3; k++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt();
      }
      byte[] cut = Arrays.copyOf(b, random.nextInt(b.length + 1));
      try {
        WavFile.read(cut);
      } catch (IllegalArgumentException expected) {
        // the documented failure
      }
    }
  }
}
