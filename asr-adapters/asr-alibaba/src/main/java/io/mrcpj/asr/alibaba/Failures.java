package io.mrcpj.asr.alibaba;

import java.util.Map;

/**
 * Words for what went wrong, for the recognizer's log and the MRCP Completion-Reason (which the
 * client sees: a token is never put in one).
 *
 * <p>The service reports a failed task as {@code TaskFailed} with an eight-digit {@code status} and
 * a {@code status_text}; both are always quoted. For the common statuses a short hint is added:
 * 4xxxxxxx are the client's (the token, the request, the audio), 5xxxxxxx the service's.
 */
final class Failures {

  /** Hints for the statuses the service documents most often; others get the status text only. */
  private static final Map<Integer, String> HINTS =
      Map.of(
          40000000, "client error",
          40000001, "the token was refused: invalid or expired",
          40000002, "the service did not understand a message",
          40000003, "a parameter was refused (app key, sample rate, vocabulary or model id)",
          40000004, "no audio came for too long (idle timeout)",
          40000005, "too many requests for the account",
          50000000, "service error",
          50000001, "service error (internal call failed)");

  private Failures() {}

  /** Audio waiting beyond {@code max-queued-seconds}. */
  static String overflow(AlibabaNlsSettings s) {
    return "more than "
        + s.maxQueuedSeconds()
        + " s of audio waiting to be sent to "
        + s.url()
        + " (max-queued-seconds)";
  }

  /** No {@code TranscriptionStarted} within {@code connect-timeout-ms}. */
  static String notStarted(AlibabaNlsSettings s) {
    return s.url()
        + " did not confirm the recognition (TranscriptionStarted) within "
        + s.connectTimeoutMs()
        + " ms of its start (connect-timeout-ms)";
  }

  /** No {@code TranscriptionCompleted} within {@code final-timeout-ms}. */
  static String notCompleted(AlibabaNlsSettings s) {
    return "no final result from "
        + s.url()
        + " within "
        + s.finalTimeoutMs()
        + " ms of the end of input (final-timeout-ms)";
  }

  /** A {@code TaskFailed} from the service at {@code where}, with the token masked. */
  static String taskFailed(String where, Integer status, String statusText, String token) {
    String hint = status == null ? null : HINTS.get(status);
    return where
        + " failed the recognition (TaskFailed "
        + (status == null ? "without a status" : status)
        + (hint == null ? "" : ", " + hint)
        + "): "
        + mask(statusText == null ? "no status_text" : statusText, token);
  }

  /**
   * The connection to {@code where} ended before the final result: a Close frame's {@code code} and
   * reason, or (code -1) what failed, or nothing when the TCP connection just ended.
   */
  static String closed(String where, int code, String reason) {
    String what;
    if (code != -1) {
      what = where + " closed the WebSocket (" + (code + " " + reason).strip() + ")";
    } else if (reason != null) {
      what = "the connection to " + where + " failed (" + reason + ")";
    } else {
      what = "the connection to " + where + " closed";
    }
    return what + " before the final result";
  }

  /** {@code text} with every occurrence of {@code token} replaced. */
  static String mask(String text, String token) {
    if (text == null || token == null || token.length() < 4) {
      return text;
    }
    return text.replace(token, "***");
  }

  /** The innermost message of {@code t}'s causes, where a connection failure says what happened. */
  static String rootMessage(Throwable t) {
    String message = null;
    for (Throwable c = t; c != null; c = next(c)) {
      message = c.getMessage() != null ? c.getMessage() : message;
    }
    return message != null ? message : t.getClass().getSimpleName();
  }

  /** The first of {@code t} and its causes that is a {@code type}, or null. */
  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = next(c)) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable next(Throwable t) {
    return t.getCause() == t ? null : t.getCause();
  }
}
