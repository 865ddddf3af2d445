package io.mrcpj.client.esl;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners off the network thread: one lane per call (its Unique-ID), so a
 * call's events arrive in wire order while different calls run in parallel on the pool. At most
 * {@code capacity} events wait across all lanes; beyond that an event is dropped and counted, so a
 * slow listener costs events, never the reader.
 */
final class EventLanes {

  private static final Logger log = LoggerFactory.getLogger(EventLanes.class);

  /** Tasks one lane runs before it yields its pool thread to other lanes. */
  private static final int BATCH = 64;

  private final Executor pool;
  private final int capacity;
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

  EventLanes(Executor pool, int capacity) {
    this.pool = pool;
    this.capacity = capacity;
  }

  /**
   * Queues a task on the lane of {@code key} ("" for events about no call). Returns false, and
   * counts a dropped event, when {@code capacity} tasks already wait.
   */
  boolean submit(String key, Runnable task) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      dropped.increment();
      long d = dropped.sum();
      if (Long.bitCount(d) == 1) {
        log.warn("event listeners are behind: {} events dropped so far", d);
      }
      return false;
    }
    Lane[] start = new Lane[1];
    lanes.compute(
        key,
        (k, lane) -> {
          Lane l = lane != null ? lane : new Lane(k);
          l.tasks.add(task);
          if (!l.scheduled) {
            l.scheduled = true;
            start[0] = l;
          }
          return l;
        });
    if (start[0] != null) {
      pool.execute(start[0]);
    }
    return true;
  }

  /** Queues the delivery of an event to listeners, on its call's lane. */
  void deliver(String key, EslEvent e, java.util.List<EslEventListener> listeners) {
    if (listeners.isEmpty()) {
      return;
    }
    submit(
        key,
        () -> {
          for (EslEventListener l : listeners) {
            l.onEvent(e);
          }
        });
  }

  long dropped() {
    return dropped.sum();
  }

  int queued() {
    return queued.get();
  }

  private final class Lane implements Runnable {
    private final String key;

    /** Guarded by the map's lock for this key (compute). */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    private boolean scheduled;

    Lane(String key) {
      this.key = key;
    }

    @Override
    public void run() {
      for (int i = 0; i < BATCH; i++) {
        Runnable t = next();
        if (t == null) {
          return;
        }
        try {
          t.run();
        } catch (RuntimeException | Error e) {
          log.warn("event listener failed", e);
        } finally {
          queued.decrementAndGet();
        }
      }
      boolean[] more = new boolean[1];
      lanes.computeIfPresent(
          key,
          (k, l) -> {
            more[0] = !l.tasks.isEmpty();
            if (!more[0]) {
              l.scheduled = false;
              return null;
            }
            return l;
          });
      if (more[0]) {
        pool.execute(this);
      }
    }

    /** The next task, or null after removing the empty lane. */
    private Runnable next() {
      Runnable[] t = new Runnable[1];
      lanes.computeIfPresent(
          key,
          (k, l) -> {
            t[0] = l.tasks.poll();
            if (t[0] == null) {
              l.scheduled = false;
              return null;
            }
            return l;
          });
      return t[0];
    }
  }
}
