package io.mrcpj.server.media;

/**
 * Where a session's decoded caller audio goes (the recognizer). Called on the RTP event loop:
 * implementations must return quickly and must not block; the array is only borrowed for the call.
 */
public interface AudioSink {

  /** 16-bit mono PCM at the sample rate the sink asked for. */
  void onAudio(short[] pcm, int offset, int length);

  /** A DTMF key press (0-9, *, #, A-D), from RFC 4733 or detected in band. */
  default void onDtmf(char digit) {}

  /** A sink that drops everything (a session with no recognizer yet). */
  AudioSink NONE = (pcm, offset, length) -> {};
}
