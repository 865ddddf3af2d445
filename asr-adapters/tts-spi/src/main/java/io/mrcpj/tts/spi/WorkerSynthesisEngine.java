package io.mrcpj.tts.spi;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A base for engines whose synthesis is a blocking call that turns one piece of text into PCM
 * (FreeTTS, a flite process). It owns a bounded pool of worker threads and a bounded queue, walks
 * the request's segments in order (marks reported in place, pauses as silence), applies the volume,
 * and stops between (and, through {@link AudioOut#cancelled()}, inside) segments once the stream is
 * closed.
 */
public abstract class WorkerSynthesisEngine implements SynthesisEngine {

  /** Where {@link #speak} writes its audio. */
  public interface AudioOut {

    /** Delivers a chunk of PCM at {@link #sampleRate()}; the array is handed over. */
    void write(short[] pcm);

    /** Whether the stream was closed: stop as soon as you can. */
    boolean cancelled();
  }

  private final ThreadPoolExecutor workers;
  private final String name;

  /**
   * @param name the engine's name, also used for its threads
   * @param threads how many syntheses run at once
   * @param maxQueued how many more may wait; beyond that a SPEAK fails at once (004)
   */
  protected WorkerSynthesisEngine(String name, int threads, int maxQueued) {
    if (threads < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("threads >= 1 and maxQueued >= 0 needed");
    }
    this.name = name;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, maxQueued)),
            r -> {
              Thread t = new Thread(r, "tts-" + name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.workers.allowCoreThreadTimeOut(true);
  }

  /**
   * Speaks {@code text} in {@code request}'s voice and rate, writing PCM to {@code out} as it is
   * made. Runs on a worker thread; may block.
   *
   * @throws InterruptedException when the stream was closed while waiting
   */
  protected abstract void speak(String text, SynthesisRequest request, AudioOut out)
      throws SynthesisException, InterruptedException;

  @Override
  public String name() {
    return name;
  }

  @Override
  public SynthesisStream open(SynthesisRequest request, SynthesisListener listener)
      throws SynthesisException {
    Voice voice = request.voice();
    if (voices().stream().noneMatch(v -> v.name().equalsIgnoreCase(voice.name()))) {
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE,
          name + " has no voice named '" + voice.name() + "'");
    }
    AtomicBoolean closed = new AtomicBoolean();
    Future<?> task;
    try {
      task = workers.submit(() -> run(request, listener, closed));
    } catch (RejectedExecutionException e) {
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE,
          name + " is busy: " + workers.getQueue().size() + " syntheses already wait",
          e);
    }
    return () -> {
      if (closed.compareAndSet(false, true)) {
        task.cancel(true);
      }
    };
  }

  private void run(SynthesisRequest request, SynthesisListener listener, AtomicBoolean closed) {
    double gain = request.volume();
    AudioOut out =
        new AudioOut() {
          @Override
          public void write(short[] pcm) {
            if (!closed.get() && pcm.length > 0) {
              listener.onAudio(gain == 1.0 ? pcm : scaled(pcm, gain));
            }
          }

          @Override
          public boolean cancelled() {
            return closed.get() || Thread.currentThread().isInterrupted();
          }
        };
    try {
      for (SpeechSegment s : request.segments()) {
        if (out.cancelled()) {
          return;
        }
        if (s instanceof SpeechSegment.Text t) {
          if (!t.text().isBlank()) {
            speak(t.text(), request, out);
          }
        } else if (s instanceof SpeechSegment.Mark m) {
          listener.onMark(m.name());
        } else if (s instanceof SpeechSegment.Pause p) {
          silence(p.millis(), out);
        }
      }
      if (!out.cancelled()) {
        listener.onComplete();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SynthesisException e) {
      if (!closed.get()) {
        listener.onError(e);
      }
    } catch (RuntimeException e) {
      if (!closed.get()) {
        listener.onError(
            new SynthesisException(
                SynthesisException.Kind.ENGINE_FAILURE, name + " failed: " + e, e));
      }
    }
  }

  private void silence(int millis, AudioOut out) {
    long samples = (long) sampleRate() * millis / 1000;
    int chunk = sampleRate() / 10;
    while (samples > 0 && !out.cancelled()) {
      int n = (int) Math.min(chunk, samples);
      out.write(new short[n]);
      samples -= n;
    }
  }

  /** {@code pcm} times {@code gain}, clipped. */
  static short[] scaled(short[] pcm, double gain) {
    short[] r = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      long v = Math.round(pcm[i] * gain);
      r[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
    return r;
  }

  @Override
  public int queuedWork() {
    return workers.getQueue().size();
  }

  /** Stops the workers, interrupting running syntheses. */
  @Override
  public void close() {
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
