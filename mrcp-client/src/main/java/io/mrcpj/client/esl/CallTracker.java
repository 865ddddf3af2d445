package io.mrcpj.client.esl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Applications started with {@code sendmsg} and an {@code Event-UUID}, waiting for the
 * CHANNEL_EXECUTE_COMPLETE that carries it back as {@code Application-UUID}. While one waits, the
 * speech results and keys of its call are collected for it (play_and_detect_speech); when the call
 * hangs up first (CHANNEL_HANGUP_COMPLETE) it fails with {@link CallHangupException}. Events are
 * handled on the connection's event loop; futures complete on the callback executor.
 */
final class CallTracker {

  /** One application run. */
  static final class Op {
    final String callUuid;
    final String appUuid;
    final CompletableFuture<ExecuteCompleteEvent> done = new CompletableFuture<>();

    /** detected-speech events of the call while it ran (event loop, then read after done). */
    final List<DetectedSpeechEvent> speech = new ArrayList<>();

    /** Keys the call received while it ran. */
    final StringBuilder keys = new StringBuilder();

    Op(String callUuid, String appUuid) {
      this.callUuid = callUuid;
      this.appUuid = appUuid;
    }
  }

  private final Map<String, Op> byApp = new ConcurrentHashMap<>();
  private final Executor callbacks;

  CallTracker(Executor callbacks) {
    this.callbacks = callbacks;
  }

  void register(Op op) {
    byApp.put(op.appUuid, op);
    op.done.whenComplete((r, e) -> byApp.remove(op.appUuid, op));
  }

  int size() {
    return byApp.size();
  }

  /** Event loop only. */
  void onEvent(EslEvent e) {
    if (byApp.isEmpty()) {
      return;
    }
    if (e instanceof ExecuteCompleteEvent c && c.applicationUuid() != null) {
      Op op = byApp.remove(c.applicationUuid());
      if (op != null) {
        callbacks.execute(() -> op.done.complete(c));
      }
      return;
    }
    String call = e.uniqueId();
    if (call == null) {
      return;
    }
    if (e instanceof DetectedSpeechEvent s
        && s.type() == DetectedSpeechEvent.Type.DETECTED_SPEECH) {
      forCall(call, op -> op.speech.add(s));
    } else if (e instanceof DtmfEvent d && d.digit() != 0) {
      forCall(call, op -> op.keys.append(d.digit()));
    } else if (e instanceof CallHangupEvent h && h.isComplete()) {
      for (Iterator<Op> it = byApp.values().iterator(); it.hasNext(); ) {
        Op op = it.next();
        if (op.callUuid.equals(call)) {
          it.remove();
          CallHangupException ex = new CallHangupException(call, h.cause());
          callbacks.execute(() -> op.done.completeExceptionally(ex));
        }
      }
    }
  }

  private void forCall(String call, java.util.function.Consumer<Op> action) {
    for (Op op : byApp.values()) {
      if (op.callUuid.equals(call)) {
        action.accept(op);
      }
    }
  }

  void failAll(Throwable cause) {
    for (Iterator<Op> it = byApp.values().iterator(); it.hasNext(); ) {
      Op op = it.next();
      it.remove();
      callbacks.execute(() -> op.done.completeExceptionally(cause));
    }
  }
}
