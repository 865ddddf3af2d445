package io.mrcpj.client.esl;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A hangup FreeSWITCH's scheduler will carry out unless cancelled ({@link EslCall#hangupAfter}).
 * The task id FreeSWITCH gave it is kept here, so {@link #cancel()} removes exactly this task and
 * nothing else scheduled for the call.
 */
public final class ScheduledHangup {

  private final String uuid;
  private final long taskId;
  private final Function<String, CompletableFuture<EslReply>> api;

  ScheduledHangup(String uuid, long taskId, Function<String, CompletableFuture<EslReply>> api) {
    this.uuid = uuid;
    this.taskId = taskId;
    this.api = api;
  }

  /** The call it hangs up. */
  public String uuid() {
    return uuid;
  }

  /** FreeSWITCH's scheduler task id ({@code sched_api}'s "+OK Added: N"). */
  public long taskId() {
    return taskId;
  }

  /**
   * Removes the task ({@code sched_del <id>}). Completes with true when it was still pending, false
   * when it had already run (or was removed before).
   */
  public CompletableFuture<Boolean> cancel() {
    return api.apply("sched_del " + taskId)
        .thenApply(
            r -> {
              if (!r.isOk()) {
                throw new EslCommandException("sched_del " + taskId, r.text());
              }
              String t = r.text();
              int colon = t.lastIndexOf(':');
              try {
                return Integer.parseInt(t.substring(colon + 1).strip()) > 0;
              } catch (RuntimeException e) {
                throw new EslProtocolException("sched_del answered \"" + t + "\"");
              }
            });
  }

  @Override
  public String toString() {
    return "hangup of " + uuid + " (task " + taskId + ")";
  }
}
