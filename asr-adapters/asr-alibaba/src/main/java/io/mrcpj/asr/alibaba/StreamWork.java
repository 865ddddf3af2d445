package io.mrcpj.asr.alibaba;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's work (the SDK's blocking start, its audio sends, its blocking stop) run in the order
 * given, one task at a time, on the engine's shared workers. A counter of tasks not yet run keeps
 * at most one drain of this stream in the pool; a drain runs at most {@value #BATCH} tasks and then
 * goes to the back of the pool's queue, so a stream that streams for minutes does not keep a worker
 * from the others. A task that blocks (the start, the stop) holds its worker for that long.
 *
 * <p>When the pool refuses a drain (the engine is closing, or its queue is full) the tasks waiting
 * are dropped, nothing more is accepted, and {@code onRefused} runs on the refused thread.
 */
final class StreamWork {

  static final int BATCH = 32;

  private static final Logger log = LoggerFactory.getLogger(StreamWork.class);

  private final Executor pool;
  private final Runnable onRefused;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile boolean refused;

  StreamWork(Executor pool, Runnable onRefused) {
    this.pool = pool;
    this.onRefused = onRefused;
  }

  /** Queues {@code task} behind the stream's others; dropped once the pool has refused. */
  void submit(Runnable task) {
    if (refused) {
      return;
    }
    tasks.add(task);
    if (waiting.getAndIncrement() == 0) {
      schedule();
    }
  }

  private void schedule() {
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      refused = true;
      tasks.clear();
      onRefused.run();
    }
  }

  private void drain() {
    for (int n = 0; n < BATCH; n++) {
      Runnable task = tasks.poll();
      if (task != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("alibaba-nls stream task failed", e);
        }
      }
      if (waiting.decrementAndGet() == 0) {
        return;
      }
    }
    schedule(); // more waiting: let other streams' drains run first
  }
}
