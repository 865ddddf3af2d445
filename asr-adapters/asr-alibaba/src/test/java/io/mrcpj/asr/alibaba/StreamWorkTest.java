package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamWorkTest {

  /** A pool run by hand: each execute waits until {@link #runAll}. */
  private static final class ManualPool implements Executor {
    final Queue<Runnable> queued = new ArrayDeque<>();
    boolean refuse;

    @Override
    public void execute(Runnable r) {
      if (refuse) {
        throw new RejectedExecutionException("closed");
      }
      queued.add(r);
    }

    void runAll() {
      Runnable r;
      while ((r = queued.poll()) != null) {
        r.run();
      }
    }
  }

  @Test
  void tasksRunInOrderWithOneDrainInThePoolAtATime() {
    ManualPool pool = new ManualPool();
    StreamWork work = new StreamWork(pool, () -> {});
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      work.submit(() -> ran.add(n));
    }
    assertThat(pool.queued).hasSize(1);
    pool.runAll();
    assertThat(ran).containsExactly(0, 1, 2, 3, 4);
    work.submit(() -> ran.add(5));
    pool.runAll();
    assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aLongBacklogLetsOtherStreamsRunBetweenBatches() {
    ManualPool pool = new ManualPool();
    StreamWork busy = new StreamWork(pool, () -> {});
    StreamWork other = new StreamWork(pool, () -> {});
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < StreamWork.BATCH * 2; i++) {
      busy.submit(() -> ran.add("busy"));
    }
    other.submit(() -> ran.add("other"));
    pool.runAll();
    assertThat(ran).hasSize(StreamWork.BATCH * 2 + 1);
    assertThat(ran.indexOf("other")).isEqualTo(StreamWork.BATCH);
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() {
    ManualPool pool = new ManualPool();
    StreamWork work = new StreamWork(pool, () -> {});
    AtomicInteger ran = new AtomicInteger();
    work.submit(
        () -> {
          throw new IllegalStateException("boom");
        });
    work.submit(ran::incrementAndGet);
    pool.runAll();
    assertThat(ran).hasValue(1);
  }

  @Test
  void aRefusedDrainDropsTheWorkAndSaysSoOnce() {
    ManualPool pool = new ManualPool();
    pool.refuse = true;
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    StreamWork work = new StreamWork(pool, refused::incrementAndGet);
    work.submit(ran::incrementAndGet);
    pool.refuse = false;
    work.submit(ran::incrementAndGet);
    pool.runAll();
    assertThat(refused).hasValue(1);
    assertThat(ran).hasValue(0);
  }
}
