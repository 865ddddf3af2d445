package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that keeps every callback in order, with the thread it came on. */
final class Recorder implements RecognitionListener {

  /** One callback: a partial, the final result or an error, and its thread. */
  record Call(Hypothesis partial, List<Hypothesis> result, EngineException error, String thread) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Call> ends = new LinkedBlockingQueue<>();

  @Override
  public void onPartial(Hypothesis partial) {
    calls.add(new Call(partial, null, null, Thread.currentThread().getName()));
  }

  @Override
  public void onFinal(List<Hypothesis> nBest) {
    Call c = new Call(null, nBest, null, Thread.currentThread().getName());
    calls.add(c);
    ends.add(c);
  }

  @Override
  public void onError(EngineException error) {
    Call c = new Call(null, null, error, Thread.currentThread().getName());
    calls.add(c);
    ends.add(c);
  }

  List<String> partialTexts() {
    return calls.stream().filter(c -> c.partial() != null).map(c -> c.partial().text()).toList();
  }

  /** The final result, waiting up to {@code seconds}; fails on an error or nothing. */
  List<Hypothesis> result(int seconds) throws InterruptedException {
    Call c = end(seconds);
    if (c.error() != null) {
      throw new AssertionError("expected a result, got an error", c.error());
    }
    return c.result();
  }

  /** The error, waiting up to {@code seconds}; fails on a result or nothing. */
  EngineException error(int seconds) throws InterruptedException {
    Call c = end(seconds);
    if (c.error() == null) {
      throw new AssertionError("expected an error, got the result " + c.result());
    }
    return c.error();
  }

  private Call end(int seconds) throws InterruptedException {
    Call c = ends.poll(seconds, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no result and no error within " + seconds + " s: " + calls);
    }
    return c;
  }
}
