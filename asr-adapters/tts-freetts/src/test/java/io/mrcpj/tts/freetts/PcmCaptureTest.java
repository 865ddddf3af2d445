package io.mrcpj.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.tts.spi.WorkerSynthesisEngine.AudioOut;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;

class PcmCaptureTest {

  /** Records the chunks; cancelled once {@code stopAfter} chunks have been written. */
  static final class Out implements AudioOut {
    final List<short[]> chunks = new ArrayList<>();
    int stopAfter = Integer.MAX_VALUE;

    @Override
    public void write(short[] pcm) {
      chunks.add(pcm);
    }

    @Override
    public boolean cancelled() {
      return chunks.size() >= stopAfter;
    }
  }

  private final Out out = new Out();

  /** A capture for {@code rate} attached to {@link #out}, told FreeTTS's format. */
  private PcmCapture capture(int rate, float formatRate, boolean bigEndian) {
    PcmCapture capture = new PcmCapture(rate);
    capture.attach(out);
    capture.setAudioFormat(new AudioFormat(formatRate, 16, 1, true, bigEndian));
    return capture;
  }

  @Test
  void bigEndianBytesBecomeSamplesAsTheyArrive() {
    PcmCapture capture = capture(16000, 16000, true);
    assertThat(capture.write(new byte[] {0x12, 0x34, (byte) 0xff, (byte) 0xfe})).isTrue();
    assertThat(out.chunks).hasSize(1);
    assertThat(out.chunks.get(0)).containsExactly((short) 0x1234, (short) -2);
  }

  @Test
  void littleEndianIsHonouredAndASampleSplitAcrossWritesIsKept() {
    PcmCapture capture = capture(8000, 8000, false);
    byte[] bytes = {0x00, 0x34, 0x12, 0x01};
    capture.write(bytes, 1, 3); // 0x1234, then half of the next sample
    capture.write(new byte[] {(byte) 0x80}, 0, 1); // its other half
    assertThat(out.chunks.get(0)).containsExactly((short) 0x1234);
    assertThat(out.chunks.get(1)).containsExactly((short) 0x8001);
  }

  @Test
  void aCancelledStreamRefusesTheWriteSoFreeTtsStops() {
    out.stopAfter = 1;
    PcmCapture capture = capture(16000, 16000, true);
    assertThat(capture.write(new byte[4])).isFalse(); // delivered, then the stream was closed
    assertThat(capture.write(new byte[4])).isFalse();
    assertThat(out.chunks).hasSize(1);
    assertThat(capture.end()).isFalse();
  }

  @Test
  void aFormatOfAnotherRateIsRefusedWithAReason() {
    PcmCapture capture = capture(16000, 8000, true);
    assertThat(capture.write(new byte[4])).isFalse();
    assertThat(out.chunks).isEmpty();
    assertThat(capture.problem()).contains("expected 16-bit signed mono PCM at 16000");
  }

  @Test
  void nothingIsWrittenWhenDetached() {
    PcmCapture capture = capture(16000, 16000, true);
    capture.detach();
    assertThat(capture.write(new byte[4])).isFalse();
    assertThat(out.chunks).isEmpty();
  }
}
