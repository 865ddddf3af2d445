package io.mrcpj.asr.spi;

import java.util.Set;

/**
 * A speech recognition engine: loaded once, shared by every session, thread-safe. Each recognition
 * opens its own {@link RecognitionStream}.
 */
public interface RecognitionEngine extends AutoCloseable {

  /** The engine's name, used to select it per session (e.g. {@code vosk}). */
  String name();

  /** Languages the engine recognizes as BCP 47 tags (e.g. {@code en-US}); {@code *} means any. */
  Set<String> languages();

  /** The sample rate the engine wants its 16-bit mono PCM at; the server resamples to it. */
  int sampleRate();

  /**
   * Opens a stream. Results reach {@code listener} on an engine thread, never on the caller's.
   *
   * @throws EngineException when the request cannot be served (unknown language, bad grammar)
   */
  RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException;

  /**
   * Nanoseconds the engine's workers have spent recognizing since it started (for the real-time
   * factor: busy time over audio time), or -1 when the engine does not measure it.
   */
  default long busyNanos() {
    return -1;
  }

  /** Pieces of work waiting for the engine's workers now, or -1 when the engine has no queue. */
  default int queuedWork() {
    return -1;
  }

  /** Releases the engine's resources (models, worker threads). */
  @Override
  void close();
}
