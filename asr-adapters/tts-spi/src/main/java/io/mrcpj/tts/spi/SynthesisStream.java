package io.mrcpj.tts.spi;

/** One SPEAK's synthesis in progress. */
public interface SynthesisStream extends AutoCloseable {

  /**
   * Abandons the synthesis (STOP, barge-in, BYE, failure) and frees what it holds (a child process,
   * a worker). Idempotent; the listener may still see a call already under way, but no {@code
   * onComplete} or {@code onError} starts after this returns.
   */
  @Override
  void close();
}
