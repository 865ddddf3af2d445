package io.mrcpj.asr.spi;

import java.util.List;

/** Where an engine reports what it heard. */
public interface RecognitionListener {

  /**
   * A partial hypothesis while audio is still arriving; may be called many times or never. With
   * phrases, words the engine cannot fit to them may appear as {@code [unk]}.
   */
  default void onPartial(Hypothesis partial) {}

  /**
   * The final result of the stream, best first; an empty list means nothing was recognized. Called
   * at most once.
   */
  void onFinal(List<Hypothesis> nBest);

  /** The engine failed; called at most once, instead of {@link #onFinal}. */
  void onError(EngineException error);
}
