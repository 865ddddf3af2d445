package io.mrcpj.client;

import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecorderCompletionCause;
import io.mrcpj.core.message.RecorderHeaders;
import java.util.Locale;

/**
 * How a RECORD ended (RFC 6787 section 10): refused (a 4xx status), completed (RECORD-COMPLETE) or
 * stopped by the client (the STOP response named it in Active-Request-Id-List; {@link #stopped()}
 * true). The recording is where Record-URI says, {@code <uri>;size=<octets>;duration=<ms>}; a
 * server that was given no Record-URI may instead send the audio as the body of RECORD-COMPLETE or
 * of the STOP response ({@link #message()}).
 *
 * @param status the MRCP status of the RECORD response (200 when it ran)
 * @param cause the Completion-Cause, or null when the server gave none
 * @param reason the Completion-Reason, or null
 * @param recordUri the URI of the recording without its angle brackets, or null
 * @param size the recording's size in octets, or -1 when not given
 * @param durationMillis its length in milliseconds, or -1 when not given
 * @param stopped true when STOP ended it
 * @param message RECORD-COMPLETE, the refusing response, or the STOP response
 */
public record RecordResult(
    int status,
    RecorderCompletionCause cause,
    String reason,
    String recordUri,
    long size,
    long durationMillis,
    boolean stopped,
    MrcpMessage message) {

  /** True for 000 success-silence and 001 success-maxtime. */
  public boolean isSuccess() {
    return cause == RecorderCompletionCause.SUCCESS_SILENCE
        || cause == RecorderCompletionCause.SUCCESS_MAXTIME;
  }

  /** The result {@code message} carries (an unknown cause reads as null). */
  static RecordResult of(MrcpMessage message, boolean stopped) {
    int status = message instanceof MrcpResponse r ? r.status().code() : 200;
    RecorderCompletionCause cause = null;
    String c = message.headers().get(RecorderHeaders.COMPLETION_CAUSE.name()).orElse(null);
    if (c != null) {
      try {
        cause = RecorderCompletionCause.parse(c);
      } catch (IllegalArgumentException e) {
        cause = null;
      }
    }
    String uri = null;
    long size = -1;
    long duration = -1;
    String value = message.headers().get(RecorderHeaders.RECORD_URI.name()).orElse("").trim();
    if (!value.isEmpty()) {
      String params;
      if (value.startsWith("<") && value.indexOf('>') > 0) {
        uri = value.substring(1, value.indexOf('>'));
        params = value.substring(value.indexOf('>') + 1);
      } else {
        int semi = value.indexOf(';');
        uri = semi < 0 ? value : value.substring(0, semi);
        params = semi < 0 ? "" : value.substring(semi);
      }
      for (String p : params.split(";")) {
        int eq = p.indexOf('=');
        if (eq > 0) {
          String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
          long v = number(p.substring(eq + 1).trim());
          if (name.equals("size")) {
            size = v;
          } else if (name.equals("duration")) {
            duration = v;
          }
        }
      }
    }
    return new RecordResult(
        status,
        cause,
        message.headers().get(RecorderHeaders.COMPLETION_REASON.name()).orElse(null),
        uri,
        size,
        duration,
        stopped,
        message);
  }

  private static long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
