package io.mrcpj.tts.flite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavDataTest {

  /** A WAV file: RIFF header, an odd-sized LIST chunk (padded), fmt, then data. */
  static byte[] wav(int rate, int channels, int bits, short... samples) {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 4 + 8 + 16 + 8 + samples.length * 2);
    b.order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8);
    b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3, 0});
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * 2);
    b.putShort((short) 2).putShort((short) bits);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  @Test
  void sixteenBitMonoIsReadPastOtherChunks() throws Exception {
    WavData w = WavData.parse(wav(16000, 1, 16, (short) 1, (short) -2, Short.MAX_VALUE));
    assertThat(w.sampleRate()).isEqualTo(16000);
    assertThat(w.samples()).containsExactly((short) 1, (short) -2, Short.MAX_VALUE);
  }

  @Test
  void otherLayoutsAreRefused() {
    assertThatThrownBy(() -> WavData.parse(wav(16000, 2, 16, (short) 0, (short) 0)))
        .isInstanceOf(IOException.class)
        .hasMessage("not 16-bit mono PCM: format 1, 2 channel(s), 16 bits");
    assertThatThrownBy(() -> WavData.parse(wav(16000, 1, 8))).hasMessageContaining("8 bits");
  }

  @Test
  void brokenFilesAreRefusedWithAReason() {
    byte[] good = wav(16000, 1, 16, (short) 1, (short) 2);
    assertThatThrownBy(() -> WavData.parse(Arrays.copyOf(good, good.length - 1)))
        .hasMessage("chunk 'data' claims 4 bytes; only 3 left");
    assertThatThrownBy(() -> WavData.parse("not a wav at all".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("not a RIFF/WAVE file");
    assertThatThrownBy(() -> WavData.parse(Arrays.copyOf(good, 12 + 12)))
        .hasMessage("no data chunk");
  }
}
