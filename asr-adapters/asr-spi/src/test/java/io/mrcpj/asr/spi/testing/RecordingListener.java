package io.mrcpj.asr.spi.testing;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a stream reported, and on which thread. */
public final class RecordingListener implements RecognitionListener {

  public final List<Hypothesis> partials = new CopyOnWriteArrayList<>();
  public final List<String> threads = new CopyOnWriteArrayList<>();
  public final CompletableFuture<List<Hypothesis>> done = new CompletableFuture<>();

  /** Every callback, counted; a stream closed by its caller must not add to it. */
  public final AtomicInteger calls = new AtomicInteger();

  @Override
  public void onPartial(Hypothesis partial) {
    seen();
    partials.add(partial);
  }

  @Override
  public void onFinal(List<Hypothesis> nBest) {
    seen();
    done.complete(nBest);
  }

  @Override
  public void onError(EngineException error) {
    seen();
    done.completeExceptionally(error);
  }

  private void seen() {
    calls.incrementAndGet();
    threads.add(Thread.currentThread().getName());
  }

  /** The final result, waiting up to {@code seconds}. */
  public List<Hypothesis> result(int seconds) throws Exception {
    return done.get(seconds, TimeUnit.SECONDS);
  }

  /** The error reported, waiting up to {@code seconds}; fails if a result came instead. */
  public EngineException error(int seconds) throws Exception {
    try {
      List<Hypothesis> r = done.get(seconds, TimeUnit.SECONDS);
      throw new AssertionError("expected an error, got the result " + r);
    } catch (ExecutionException e) {
      return (EngineException) e.getCause();
    }
  }
}
