package io.mrcpj.client.esl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of an ESL client or outbound server, owned and stopped together: the network event
 * loop ({@code <name>-io}), the listener pool behind {@link EventLanes} ({@code <name>-event}) and
 * the pool that completes futures ({@code <name>-cb}). Futures complete on their own pool, never on
 * a listener lane, so a listener that waits for a reply cannot wait for itself.
 */
final class EslRuntime {

  private static final Logger log = LoggerFactory.getLogger(EslRuntime.class);

  /** Future completions that may wait; beyond this they run on the caller's thread. */
  private static final int CALLBACK_QUEUE = 65_536;

  final EventLoopGroup loops;
  final EventLanes lanes;
  private final ThreadPoolExecutor eventPool;
  private final ThreadPoolExecutor callbackPool;

  EslRuntime(String name, int eventThreads, int eventCapacity) {
    this.loops = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true));
    this.eventPool = pool(name + "-event", eventThreads, eventCapacity + 64);
    this.callbackPool = pool(name + "-cb", 2, CALLBACK_QUEUE);
    this.lanes = new EventLanes(eventPool, eventCapacity);
  }

  /** Where futures are completed. */
  Executor callbacks() {
    return task -> {
      try {
        callbackPool.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        if (callbackPool.isShutdown()) {
          task.run();
        } else {
          log.warn("future completions are behind; completing on the calling thread");
          task.run();
        }
      }
    };
  }

  void shutdown() {
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    eventPool.shutdown();
    callbackPool.shutdown();
  }

  /** Waits up to the timeout for the threads to end. */
  boolean awaitTermination(long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    boolean ok = loops.awaitTermination(millis, TimeUnit.MILLISECONDS);
    ok &= eventPool.awaitTermination(remaining(end), TimeUnit.NANOSECONDS);
    ok &= callbackPool.awaitTermination(remaining(end), TimeUnit.NANOSECONDS);
    return ok;
  }

  private static long remaining(long end) {
    return Math.max(0, end - System.nanoTime());
  }

  private static ThreadPoolExecutor pool(String name, int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        30,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
