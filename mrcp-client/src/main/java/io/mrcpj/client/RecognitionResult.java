package io.mrcpj.client;

import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.nlsml.InputStatus;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlResult;
import java.util.Optional;

/**
 * How a RECOGNIZE ended: the server refused it (a 4xx status and its Completion-Cause), it
 * completed (RECOGNITION-COMPLETE with its cause and NLSML), or the client stopped it (STOP: {@link
 * RecognizerCompletionCause#CANCELLED}).
 *
 * @param status the MRCP status of the RECOGNIZE response (200 when it ran)
 * @param cause the Completion-Cause, or null when the server gave none
 * @param reason the Completion-Reason, or null
 * @param nlsml the NLSML body of RECOGNITION-COMPLETE, or null
 * @param result the NLSML parsed, when there was one and it could be read
 * @param event the RECOGNITION-COMPLETE event itself, or null
 * @param timings when things happened
 */
public record RecognitionResult(
    int status,
    RecognizerCompletionCause cause,
    String reason,
    String nlsml,
    Optional<NlsmlResult> result,
    MrcpEvent event,
    Timings timings) {

  /**
   * Moments of one recognition, from {@link System#nanoTime()}; 0 when it did not happen.
   *
   * @param sent the RECOGNIZE was sent
   * @param inProgress its IN-PROGRESS response arrived
   * @param audioStart the first packet of the request's audio was sent
   * @param startOfInput START-OF-INPUT arrived
   * @param audioEnd the last packet of the request's audio was sent
   * @param complete RECOGNITION-COMPLETE arrived (or the STOP was answered)
   */
  public record Timings(
      long sent,
      long inProgress,
      long audioStart,
      long startOfInput,
      long audioEnd,
      long complete) {

    /** Milliseconds from the end of the audio to RECOGNITION-COMPLETE; -1 if either is missing. */
    public double audioEndToCompleteMillis() {
      return audioEnd == 0 || complete == 0 ? -1 : (complete - audioEnd) / 1e6;
    }

    /**
     * Milliseconds from the moment the audio at {@code offsetMillis} into the request's audio was
     * sent to START-OF-INPUT: the barge-in latency when the offset is where the speech starts; -1
     * if either is missing.
     */
    public double startOfInputMillis(double offsetMillis) {
      return audioStart == 0 || startOfInput == 0
          ? -1
          : (startOfInput - audioStart) / 1e6 - offsetMillis;
    }

    /** Milliseconds from RECOGNIZE to its IN-PROGRESS response; -1 if it never came. */
    public double inProgressMillis() {
      return inProgress == 0 ? -1 : (inProgress - sent) / 1e6;
    }
  }

  /** True for success and success-maxtime. */
  public boolean isSuccess() {
    return cause == RecognizerCompletionCause.SUCCESS
        || cause == RecognizerCompletionCause.SUCCESS_MAXTIME;
  }

  /** The best matching interpretation, if the recognition matched. */
  public Optional<Interpretation> best() {
    return result
        .filter(r -> !r.interpretations().isEmpty())
        .map(NlsmlResult::best)
        .filter(i -> i.status() == InputStatus.MATCH);
  }

  /** The words heard by the best interpretation (also for a no-match); empty when none. */
  public String text() {
    return result.filter(r -> !r.interpretations().isEmpty()).map(r -> r.best().input()).orElse("");
  }

  /** The best interpretation's confidence, 0 when there is none. */
  public float confidence() {
    return best().map(Interpretation::confidence).orElse(0f);
  }
}
