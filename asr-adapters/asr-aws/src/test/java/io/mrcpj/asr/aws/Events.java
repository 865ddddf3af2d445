package io.mrcpj.asr.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that records every callback, in order, with the thread it came on. */
final class Events implements RecognitionListener {

  /** One callback: a partial Hypothesis, a final List of them, or an EngineException. */
  record Event(Object what, String thread) {}

  final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  final List<Event> all = new CopyOnWriteArrayList<>();
  final List<Hypothesis> partials = new CopyOnWriteArrayList<>();

  @Override
  public void onPartial(Hypothesis partial) {
    partials.add(partial);
    record(partial);
  }

  @Override
  public void onFinal(List<Hypothesis> nBest) {
    record(List.copyOf(nBest));
  }

  @Override
  public void onError(EngineException error) {
    record(error);
  }

  private void record(Object what) {
    Event e = new Event(what, Thread.currentThread().getName());
    all.add(e);
    queue.add(e);
  }

  /** The next final result or error, skipping partials; fails after {@code seconds}. */
  Object end(long seconds) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = until - System.nanoTime();
      Event e = queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      assertThat(e).as("a final result or an error within %d s", seconds).isNotNull();
      if (!(e.what() instanceof Hypothesis)) {
        return e.what();
      }
    }
  }

  /** The final result's N-best; fails on an error or none. */
  @SuppressWarnings("unchecked")
  List<Hypothesis> finalResult(long seconds) throws InterruptedException {
    Object end = end(seconds);
    assertThat(end).as("the final result").isInstanceOf(List.class);
    return (List<Hypothesis>) end;
  }

  /** The error; fails on a final result or none. */
  EngineException error(long seconds) throws InterruptedException {
    Object end = end(seconds);
    assertThat(end).as("an error").isInstanceOf(EngineException.class);
    return (EngineException) end;
  }

  /** Callbacks that were final results or errors. */
  long ends() {
    return all.stream().filter(e -> !(e.what() instanceof Hypothesis)).count();
  }
}
