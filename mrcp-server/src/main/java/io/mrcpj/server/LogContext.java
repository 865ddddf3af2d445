package io.mrcpj.server;

import org.slf4j.MDC;

/**
 * The session a log line belongs to, as SLF4J MDC entries: {@value #CALL_ID} (the SIP Call-ID) and
 * {@value #CHANNEL} (the MRCP Channel-Identifier). Set around every piece of a session's work (SIP
 * request, MRCP request, RTP packet, timer, engine callback) and restored afterwards, so a pooled
 * thread never carries one session's keys into another's lines.
 */
public final class LogContext {

  /** The SIP Call-ID. */
  public static final String CALL_ID = "callId";

  /** The MRCP Channel-Identifier. */
  public static final String CHANNEL = "channel";

  private LogContext() {}

  /** Runs {@code task} with both keys set (a null value leaves that key as it is). */
  public static void run(String callId, String channel, Runnable task) {
    String oldCall = MDC.get(CALL_ID);
    String oldChannel = MDC.get(CHANNEL);
    if (callId != null) {
      MDC.put(CALL_ID, callId);
    }
    if (channel != null) {
      MDC.put(CHANNEL, channel);
    }
    try {
      task.run();
    } finally {
      restore(CALL_ID, oldCall);
      restore(CHANNEL, oldChannel);
    }
  }

  /** {@code task} that runs with the keys set. */
  public static Runnable wrap(String callId, String channel, Runnable task) {
    return () -> run(callId, channel, task);
  }

  /** Puts {@code key} back to {@code previous} (removes it when that is null). */
  public static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
