package io.mrcpj.asr.spi;

/**
 * One utterance's audio going into an engine. Calls come from one thread at a time and must not
 * block for long: an engine that needs time queues the audio onto its own workers.
 */
public interface RecognitionStream extends AutoCloseable {

  /**
   * Feeds 16-bit mono PCM at {@link RecognitionEngine#sampleRate()}. The array is only borrowed for
   * the call: an engine that keeps the audio copies it.
   */
  void feed(short[] pcm, int offset, int length);

  /** No more audio will come: the engine delivers its final result. */
  void endOfInput();

  /** Abandons the stream (STOP, BYE, failure); no result is delivered after this returns. */
  @Override
  void close();
}
