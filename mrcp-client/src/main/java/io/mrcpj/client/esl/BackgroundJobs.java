package io.mrcpj.client.esl;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * {@code bgapi} jobs waiting for their BACKGROUND_JOB, by Job-UUID. The client names each job
 * itself (FreeSWITCH honours a {@code Job-UUID} header on bgapi), so the future exists before the
 * event can arrive; a server that picks its own id is followed through the reply's Job-UUID, and a
 * result that arrives before its reply is kept until the reply names it. Events are handled on the
 * connection's event loop; futures complete on the callback executor.
 */
final class BackgroundJobs {

  private static final int EARLY_RESULTS = 256;

  private final Map<String, CompletableFuture<BackgroundJobEvent>> waiting =
      new ConcurrentHashMap<>();
  private final Map<String, BackgroundJobEvent> early =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BackgroundJobEvent> e) {
          return size() > EARLY_RESULTS;
        }
      };
  private final Executor callbacks;

  BackgroundJobs(Executor callbacks) {
    this.callbacks = callbacks;
  }

  void expect(String jobUuid, CompletableFuture<BackgroundJobEvent> f) {
    waiting.put(jobUuid, f);
    f.whenComplete((r, e) -> waiting.remove(jobUuid, f));
  }

  int size() {
    return waiting.size();
  }

  /** The reply named another id than the one asked for: follow it. Event loop only. */
  void renamed(String asked, String given) {
    CompletableFuture<BackgroundJobEvent> f = waiting.remove(asked);
    if (f == null || f.isDone()) {
      return;
    }
    BackgroundJobEvent done = early.remove(given);
    if (done != null) {
      callbacks.execute(() -> f.complete(done));
    } else {
      expect(given, f);
    }
  }

  /** True when the event completed a job. Event loop only. */
  boolean onEvent(BackgroundJobEvent e) {
    String id = e.jobUuid();
    if (id == null) {
      return false;
    }
    CompletableFuture<BackgroundJobEvent> f = waiting.remove(id);
    if (f == null) {
      early.put(id, e);
      return false;
    }
    callbacks.execute(() -> f.complete(e));
    return true;
  }

  void failAll(Throwable cause) {
    for (Iterator<CompletableFuture<BackgroundJobEvent>> it = waiting.values().iterator();
        it.hasNext(); ) {
      CompletableFuture<BackgroundJobEvent> f = it.next();
      it.remove();
      callbacks.execute(() -> f.completeExceptionally(cause));
    }
    early.clear();
  }
}
