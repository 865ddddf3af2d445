package io.mrcpj.tts.spi;

import java.util.List;

/**
 * A speech synthesis engine: loaded once, shared by every session, thread-safe. Each SPEAK opens
 * its own {@link SynthesisStream}.
 */
public interface SynthesisEngine extends AutoCloseable {

  /** The engine's name, used to select it per request (e.g. {@code freetts}). */
  String name();

  /** The voices the engine has; the first is its default. Never empty. */
  List<Voice> voices();

  /** The sample rate of the 16-bit mono PCM the engine produces; the server resamples from it. */
  int sampleRate();

  /**
   * Starts synthesizing {@code request}. Audio, marks and the end reach {@code listener} on an
   * engine thread, never on the caller's, and in the order they are spoken.
   *
   * @throws SynthesisException when the request cannot be served (no voice for the language)
   */
  SynthesisStream open(SynthesisRequest request, SynthesisListener listener)
      throws SynthesisException;

  /** Pieces of work waiting for the engine's workers now, or -1 when the engine has no queue. */
  default int queuedWork() {
    return -1;
  }

  /** Releases the engine's resources (voices, worker threads, child processes). */
  @Override
  void close();
}
