package io.mrcpj.server.resource.synth;

import io.mrcpj.tts.spi.SynthesisRequest;
import io.mrcpj.tts.spi.Voice;
import io.mrcpj.tts.spi.WorkerSynthesisEngine;
import java.util.List;

/**
 * A synthesis engine for tests whose audio can be checked exactly: each character of the text is
 * {@link #CHAR_MILLIS} ms of a constant level (from the character's code, scaled by the voice: 1, 2
 * or 3; see {@link #level}), so a receiver can tell which text and voice it heard and how long it
 * should be. The word "slow" makes the engine take {@link #SLOW_MILLIS} before its audio; "explode"
 * fails.
 */
final class ToneEngine extends WorkerSynthesisEngine {

  static final int CHAR_MILLIS = 20;
  static final int SLOW_MILLIS = 300;
  static final Voice TONE = new Voice("tone", "male", 40, "en-US");
  static final Voice CHIME = new Voice("chime", "female", 30, "en-GB");
  static final Voice BELL = new Voice("bell", "female", 60, "de-DE");

  private final int rate;

  ToneEngine(String name, int rate) {
    super(name, 2, 16);
    this.rate = rate;
  }

  @Override
  public List<Voice> voices() {
    return List.of(TONE, CHIME, BELL);
  }

  @Override
  public int sampleRate() {
    return rate;
  }

  static int level(char c, Voice v) {
    int scale = v.name().equals("tone") ? 1 : v.name().equals("chime") ? 2 : 3;
    return ((c % 16) + 1) * 500 * scale; // far enough apart to survive G.711
  }

  @Override
  protected void speak(String text, SynthesisRequest request, AudioOut out)
      throws io.mrcpj.tts.spi.SynthesisException, InterruptedException {
    if (text.contains("explode")) {
      throw new io.mrcpj.tts.spi.SynthesisException(
          io.mrcpj.tts.spi.SynthesisException.Kind.ENGINE_FAILURE, "the tone engine exploded");
    }
    if (text.contains("slow")) {
      Thread.sleep(SLOW_MILLIS);
    }
    int n = rate * CHAR_MILLIS / 1000;
    for (char c : text.toCharArray()) {
      if (out.cancelled()) {
        return;
      }
      short[] pcm = new short[n];
      java.util.Arrays.fill(pcm, (short) level(c, request.voice()));
      out.write(pcm);
    }
  }
}
