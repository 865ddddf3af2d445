package io.mrcpj.tts.freetts;

import com.sun.speech.freetts.audio.AudioPlayer;
import io.mrcpj.tts.spi.WorkerSynthesisEngine.AudioOut;
import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS's audio sink, implemented to capture instead of play: FreeTTS hands it the samples of
 * each utterance as it makes them (about 32 ms a call, 16-bit signed mono; FreeTTS 1.2.2 sends
 * big-endian, but the byte order of the format it announces is honoured), and they go on at once to
 * the synthesis stream's {@link AudioOut} as 16-bit PCM. No javax.sound device is opened.
 *
 * <p>Answering {@code false} to a write is how a STOP reaches FreeTTS: it then abandons the
 * utterance and every one after it. One capture belongs to one FreeTTS voice and is used by one
 * worker thread at a time.
 */
final class PcmCapture implements AudioPlayer {

  private final int sampleRate;
  private AudioFormat format;
  private AudioOut out;
  private String problem;
  private float volume = 1.0f;

  /** The first byte of a sample that a write split from its second, or -1. */
  private int carry = -1;

  PcmCapture(int sampleRate) {
    this.sampleRate = sampleRate;
  }

  /** Sends what FreeTTS writes from now on to {@code out}. */
  void attach(AudioOut out) {
    this.out = out;
    this.problem = null;
    this.carry = -1;
  }

  /** Drops what FreeTTS writes from now on (a write is then refused). */
  void detach() {
    this.out = null;
  }

  /** Why audio was refused (a format this engine cannot pass on), or null. */
  String problem() {
    return problem;
  }

  @Override
  public void setAudioFormat(AudioFormat f) {
    format = f;
    boolean usable =
        f.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED)
            && f.getSampleSizeInBits() == 16
            && f.getChannels() == 1
            && Math.round(f.getSampleRate()) == sampleRate;
    if (!usable) {
      problem = "FreeTTS produced " + f + "; expected 16-bit signed mono PCM at " + sampleRate;
    }
  }

  @Override
  public AudioFormat getAudioFormat() {
    return format;
  }

  @Override
  public boolean write(byte[] audio) {
    return write(audio, 0, audio.length);
  }

  @Override
  public boolean write(byte[] bytes, int offset, int length) {
    AudioOut target = out;
    if (target == null || problem != null || format == null || target.cancelled()) {
      return false;
    }
    boolean big = format.isBigEndian();
    short[] pcm = new short[(length + (carry >= 0 ? 1 : 0)) / 2];
    int i = offset;
    int end = offset + length;
    int s = 0;
    if (carry >= 0 && i < end) {
      pcm[s++] = sample(carry, bytes[i++], big);
      carry = -1;
    }
    for (; i + 1 < end; i += 2) {
      pcm[s++] = sample(bytes[i], bytes[i + 1], big);
    }
    if (i < end) {
      carry = bytes[i] & 0xff;
    }
    target.write(pcm);
    return !target.cancelled();
  }

  private static short sample(int first, int second, boolean bigEndian) {
    return bigEndian
        ? (short) ((first << 8) | (second & 0xff))
        : (short) ((second << 8) | (first & 0xff));
  }

  // The rest of FreeTTS's player interface is about a sound device's timing and state. There is
  // no device: nothing to pause, drain or time. The volume is applied by the engine's base class.

  @Override
  public boolean end() {
    return out != null && !out.cancelled();
  }

  @Override
  public boolean drain() {
    return true;
  }

  @Override
  public void begin(int size) {}

  @Override
  public void pause() {}

  @Override
  public void resume() {}

  @Override
  public void reset() {}

  @Override
  public void cancel() {}

  @Override
  public void close() {}

  @Override
  public float getVolume() {
    return volume;
  }

  @Override
  public void setVolume(float volume) {
    this.volume = volume;
  }

  @Override
  public long getTime() {
    return 0;
  }

  @Override
  public void resetTime() {}

  @Override
  public void startFirstSampleTimer() {}

  @Override
  public void showMetrics() {}
}
