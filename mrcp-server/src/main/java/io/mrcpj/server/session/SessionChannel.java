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
 * @param output takes the RTP output the channel's audio goes out on, or null when the session
 *     sends it nothing (null: a resource that sends no audio)
 */
public record SessionChannel(
    ResourceChannel control,
    AudioSink audio,
    int sampleRate,
    Runnable closer,
    java.util.function.Consumer<io.mrcpj.server.media.RtpOutput> output) {

  /** A channel that sends no audio. */
  public SessionChannel(ResourceChannel control, AudioSink audio, int sampleRate, Runnable closer) {
    this(control, audio, sampleRate, closer, null);
  }

  public SessionChannel {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(closer, "closer");
    if (sampleRate != 8000 && sampleRate != 16000) {
      throw new IllegalArgumentException("sample rate must be 8000 or 16000: " + sampleRate);
    }
  }
}
