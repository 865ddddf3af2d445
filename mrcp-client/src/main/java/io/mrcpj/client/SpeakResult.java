package io.mrcpj.client;

import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a SPEAK ended, and the audio the server sent for it.
 *
 * <p>It ended one of four ways: the server refused it (a 4xx status, with the Completion-Cause it
 * gave); the server completed it at once (a COMPLETE response); SPEAK-COMPLETE arrived (its
 * Completion-Cause, e.g. 000 normal); or the client ended it with STOP (cause 007 cancelled) or
 * BARGE-IN-OCCURRED (001 barge-in), whose response named it in Active-Request-Id-List ({@link
 * #stopped()} true).
 *
 * <p>The audio is what arrived on the session's RTP socket from just before the SPEAK was sent
 * until SPEAK-COMPLETE (or the STOP response) plus a short drain for packets still in flight,
 * decoded to 16-bit mono PCM at the codec's rate (8000 Hz for PCMU and PCMA).
 */
public final class SpeakResult {

  private final int status;
  private final SynthesizerCompletionCause cause;
  private final String reason;
  private final long requestId;
  private final List<SpeechMarker> markers;
  private final short[] pcm;
  private final int sampleRate;
  private final RtpReceiveStats audioStats;
  private final boolean stopped;
  private final MrcpMessage message;

  SpeakResult(
      int status,
      SynthesizerCompletionCause cause,
      String reason,
      long requestId,
      List<SpeechMarker> markers,
      short[] pcm,
      int sampleRate,
      RtpReceiveStats audioStats,
      boolean stopped,
      MrcpMessage message) {
    this.status = status;
    this.cause = cause;
    this.reason = reason;
    this.requestId = requestId;
    this.markers = List.copyOf(markers);
    this.pcm = pcm;
    this.sampleRate = sampleRate;
    this.audioStats = audioStats;
    this.stopped = stopped;
    this.message = message;
  }

  /** The MRCP status of the SPEAK response (200 when it ran). */
  public int status() {
    return status;
  }

  /** The Completion-Cause, or null when the server gave none (or one this client does not know). */
  public SynthesizerCompletionCause cause() {
    return cause;
  }

  /** The Completion-Reason, or null. */
  public String reason() {
    return reason;
  }

  /** The SPEAK's request-id. */
  public long requestId() {
    return requestId;
  }

  /** The SPEECH-MARKER events of this SPEAK, in the order they arrived. */
  public List<SpeechMarker> markers() {
    return markers;
  }

  /** The audio received, 16-bit mono PCM at {@link #sampleRate()}; the array itself, not a copy. */
  public short[] pcm() {
    return pcm;
  }

  /** The audio's sample rate: the codec's (8000 for PCMU/PCMA, 16000 for G.722), 0 if unknown. */
  public int sampleRate() {
    return sampleRate;
  }

  /** The audio's length in milliseconds. */
  public long durationMillis() {
    return sampleRate == 0 ? 0 : pcm.length * 1000L / sampleRate;
  }

  /** Packets, octets, losses of this SPEAK's audio. */
  public RtpReceiveStats audioStats() {
    return audioStats;
  }

  /** True when STOP or BARGE-IN-OCCURRED ended it (their response named it). */
  public boolean stopped() {
    return stopped;
  }

  /**
   * The message that ended it: SPEAK-COMPLETE, the refusing or COMPLETE response, or the response
   * to STOP or BARGE-IN-OCCURRED.
   */
  public MrcpMessage message() {
    return message;
  }

  /** True when SPEAK-COMPLETE said 000 normal. */
  public boolean isNormal() {
    return cause == SynthesizerCompletionCause.NORMAL && !stopped;
  }

  /** The audio as a WAV file (mono, 16-bit PCM). */
  public byte[] wav() {
    return WavFile.of(sampleRate == 0 ? 8000 : sampleRate, pcm).toBytes();
  }

  /** Writes the audio as a WAV file (mono, 16-bit PCM), replacing {@code file}. */
  public void writeWav(Path file) throws IOException {
    Files.write(file, wav());
  }

  @Override
  public String toString() {
    return "SpeakResult[status="
        + status
        + ", cause="
        + (cause == null ? null : cause.toHeaderValue())
        + (stopped ? ", stopped" : "")
        + ", "
        + durationMillis()
        + " ms, markers="
        + markers.size()
        + ", "
        + audioStats
        + "]";
  }
}
