package io.mrcpj.asr.aws;

import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.transcribestreaming.model.AudioEvent;
import software.amazon.awssdk.services.transcribestreaming.model.AudioStream;

/**
 * One stream's audio as the Reactive Streams publisher the SDK reads the request body from: each
 * chunk offered becomes one {@code AudioEvent}, sent only as far as the subscriber has asked
 * (Reactive Streams §1.1: never more {@code onNext} than requested); the end of input completes it
 * once everything waiting is sent.
 *
 * <p>{@link #offer} only queues and never blocks, so it may be called on an RTP event loop. Signals
 * to the subscriber run on {@code executor}, one drain task at a time per publisher (a work counter
 * makes them serial, §1.3, and keeps at most one task per stream in the executor's queue). Audio
 * waiting is bounded by {@code maxQueuedBytes}: an offer past it is refused, and the caller fails
 * the stream. One subscriber only; a second one is told so with {@code onError} (§1.9 allows a
 * publisher to refuse).
 */
final class AudioPublisher implements Publisher<AudioStream> {

  private final Executor executor;
  private final long maxQueuedBytes;
  private final Runnable onRejected;
  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger work = new AtomicInteger();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private volatile Subscriber<? super AudioStream> subscriber;
  private volatile boolean ended;
  private volatile boolean cancelled;
  private volatile boolean aborted;
  private volatile Throwable badRequest;

  // Confined to the drain (one task at a time).
  private boolean terminated;

  /**
   * @param executor where the subscriber's signals run
   * @param maxQueuedBytes most audio waiting to be sent
   * @param onRejected run (on the rejecting thread) when {@code executor} refuses a drain task
   */
  AudioPublisher(Executor executor, long maxQueuedBytes, Runnable onRejected) {
    this.executor = executor;
    this.maxQueuedBytes = maxQueuedBytes;
    this.onRejected = onRejected;
  }

  /**
   * Queues one chunk (kept, not copied). Returns false, queuing nothing, when the chunk would take
   * the audio waiting past the bound; after the end or a cancel the chunk is dropped.
   */
  boolean offer(byte[] chunk) {
    if (ended || cancelled) {
      return true;
    }
    if (queuedBytes.addAndGet(chunk.length) > maxQueuedBytes) {
      queuedBytes.addAndGet(-chunk.length);
      return false;
    }
    queue.add(chunk);
    drainLater();
    return true;
  }

  /** No more audio: the subscriber is completed once the queue is sent. */
  void end() {
    ended = true;
    drainLater();
  }

  /** The subscriber's cancel (§3.5): drops the audio waiting and signals nothing more. */
  void cancel() {
    cancelled = true;
    queue.clear();
  }

  /**
   * The stream's end before its input's: drops the audio waiting and fails the subscriber, so the
   * SDK abandons the request body instead of waiting for audio that will not come.
   */
  void abort() {
    aborted = true;
    cancel();
    drainLater();
  }

  /** Bytes offered and not yet handed to the subscriber. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  @Override
  public void subscribe(Subscriber<? super AudioStream> s) {
    if (s == null) {
      throw new NullPointerException("subscriber"); // §1.9
    }
    if (!subscribed.compareAndSet(false, true)) {
      s.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      s.onError(new IllegalStateException("a stream's audio can be read only once"));
      return;
    }
    s.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0) {
              badRequest = new IllegalArgumentException("§3.9: request(" + n + ")");
            } else {
              requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
            }
            drainLater();
          }

          @Override
          public void cancel() {
            AudioPublisher.this.cancel();
          }
        });
    subscriber = s;
    drainLater();
  }

  private void drainLater() {
    if (work.getAndIncrement() == 0) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        if (!cancelled) {
          cancel();
          onRejected.run();
        }
      }
    }
  }

  private void drain() {
    int missed = 1;
    do {
      Subscriber<? super AudioStream> s = subscriber;
      if (s != null && !terminated) {
        emit(s);
      }
      missed = work.addAndGet(-missed);
    } while (missed != 0);
  }

  private void emit(Subscriber<? super AudioStream> s) {
    if (cancelled) {
      terminated = true;
      if (aborted) {
        s.onError(new CancellationException("the recognition ended"));
      }
      return;
    }
    if (badRequest != null) {
      terminated = true;
      cancel();
      s.onError(badRequest);
      return;
    }
    while (!cancelled && requested.get() > 0) {
      byte[] chunk = queue.poll();
      if (chunk == null) {
        break;
      }
      queuedBytes.addAndGet(-chunk.length);
      if (requested.get() != Long.MAX_VALUE) {
        requested.decrementAndGet();
      }
      s.onNext(AudioEvent.builder().audioChunk(SdkBytes.fromByteArrayUnsafe(chunk)).build());
    }
    // ended is written after the last chunk was queued, so an empty queue now is the whole input.
    if (ended && !cancelled && queue.isEmpty()) {
      terminated = true;
      s.onComplete();
    }
  }
}
