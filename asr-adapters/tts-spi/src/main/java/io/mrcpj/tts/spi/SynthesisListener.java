package io.mrcpj.tts.spi;

/**
 * Where an engine delivers what it synthesized. Calls for one stream come from one thread at a time
 * and in speaking order: a mark comes after the audio before it and before the audio after it.
 */
public interface SynthesisListener {

  /**
   * A chunk of 16-bit mono PCM at {@link SynthesisEngine#sampleRate()}. The array is handed over:
   * the engine does not touch it again.
   */
  void onAudio(short[] pcm);

  /** The stream reached an SSML {@code <mark name="..."/>}. */
  default void onMark(String name) {}

  /** All audio has been delivered. Called at most once, and never together with onError. */
  void onComplete();

  /** The engine failed; called at most once, instead of {@link #onComplete}. */
  void onError(SynthesisException error);
}
