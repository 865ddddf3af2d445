package io.mrcpj.asr.google;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stream's tasks in the order given, one at a time, on a shared pool, so the stream's
 * state needs no lock. Its queue holds what the stream put there: audio (bounded by the stream's
 * {@code max-queued-seconds} count) and a few control and response tasks.
 */
final class SerialExecutor implements Executor {

  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  /**
   * Queues {@code task}.
   *
   * @throws RejectedExecutionException when the pool is shut down
   */
  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      try {
        pool.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        tasks.clear();
        throw e;
      }
    }
  }

  private void drain() {
    try {
      Runnable task;
      // A bounded batch, so one busy stream cannot hold a pool thread from the others.
      for (int i = 0; i < 64 && (task = tasks.poll()) != null; i++) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("google stream task failed", e);
        }
      }
    } finally {
      scheduled.set(false);
    }
    try {
      schedule();
    } catch (RejectedExecutionException e) {
      // The engine is closing: what is left is dropped with its pool.
    }
  }
}
