package io.mrcpj.server.session;

import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.AudioSink;
import java.util.Objects;

/**
 * One resource channel of a session as the session layer sees it: where its MRCP requests go, where
 * its caller audio goes, the PCM rate it wants, and how to end it.
 *
 * @param control the MRCP side
 * @param audio the media side ({@link AudioSink#NONE} for a resource that takes no audio)
 * @param sampleRate the PCM rate {@code audio} wants (8000 or 16000)
 * @param closer ends the channel silently (session teardown); must be idempotent and not block
 */
public record SessionChannel(
    ResourceChannel control, AudioSink audio, int sampleRate, Runnable closer) {

  public SessionChannel {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(closer, "closer");
    if (sampleRate != 8000 && sampleRate != 16000) {
      throw new IllegalArgumentException("sample rate must be 8000 or 16000: " + sampleRate);
    }
  }
}
