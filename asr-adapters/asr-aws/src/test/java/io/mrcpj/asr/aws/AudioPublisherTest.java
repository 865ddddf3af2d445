package io.mrcpj.asr.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.transcribestreaming.model.AudioEvent;
import software.amazon.awssdk.services.transcribestreaming.model.AudioStream;

class AudioPublisherTest {

  /** Records signals; asks for nothing until told. */
  static final class Recorder implements Subscriber<AudioStream> {
    Subscription subscription;
    final List<byte[]> chunks = new ArrayList<>();
    int completed;
    Throwable error;
    int errors;

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(AudioStream item) {
      chunks.add(((AudioEvent) item).audioChunk().asByteArray());
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      errors++;
    }

    @Override
    public void onComplete() {
      completed++;
    }
  }

  private static final Executor DIRECT = Runnable::run;

  @Test
  void sendsOnlyAsMuchAsRequestedAndCompletesAfterTheLast() {
    AudioPublisher p = new AudioPublisher(DIRECT, 1000, () -> {});
    Recorder r = new Recorder();
    p.subscribe(r);
    assertThat(p.offer(new byte[] {1})).isTrue();
    assertThat(p.offer(new byte[] {2})).isTrue();
    assertThat(p.offer(new byte[] {3})).isTrue();
    p.end();
    assertThat(r.chunks).as("nothing before request(n)").isEmpty();

    r.subscription.request(2);
    assertThat(r.chunks).extracting(c -> c[0]).containsExactly((byte) 1, (byte) 2);
    assertThat(r.completed).as("not complete while audio waits").isZero();
    assertThat(p.queuedBytes()).isEqualTo(1);

    r.subscription.request(5);
    assertThat(r.chunks).extracting(c -> c[0]).containsExactly((byte) 1, (byte) 2, (byte) 3);
    assertThat(r.completed).isEqualTo(1);
    assertThat(p.offer(new byte[] {4})).as("dropped after the end").isTrue();
    r.subscription.request(1);
    assertThat(r.chunks).hasSize(3);
    assertThat(r.completed).isEqualTo(1);
  }

  @Test
  void audioWaitingIsBounded() {
    AudioPublisher p = new AudioPublisher(DIRECT, 10, () -> {});
    Recorder r = new Recorder();
    p.subscribe(r);
    assertThat(p.offer(new byte[6])).isTrue();
    assertThat(p.offer(new byte[6])).as("past the bound").isFalse();
    assertThat(p.offer(new byte[4])).isTrue();
    assertThat(p.queuedBytes()).isEqualTo(10);
    r.subscription.request(1);
    assertThat(p.queuedBytes()).isEqualTo(4);
    assertThat(p.offer(new byte[6])).as("room again once sent").isTrue();
  }

  @Test
  void cancelStopsEverything() {
    AudioPublisher p = new AudioPublisher(DIRECT, 1000, () -> {});
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(new byte[] {1});
    r.subscription.cancel();
    r.subscription.request(10);
    p.offer(new byte[] {2});
    p.end();
    assertThat(r.chunks).isEmpty();
    assertThat(r.completed).isZero();
    assertThat(r.error).isNull();
  }

  @Test
  void abortFailsTheSubscriberOnce() {
    AudioPublisher p = new AudioPublisher(DIRECT, 1000, () -> {});
    Recorder r = new Recorder();
    p.subscribe(r);
    p.offer(new byte[] {1});
    p.abort();
    p.abort();
    r.subscription.request(10);
    assertThat(r.chunks).isEmpty();
    assertThat(r.error).isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(r.errors).isEqualTo(1);
    assertThat(r.completed).isZero();
  }

  @Test
  void nonPositiveRequestIsAnError() {
    AudioPublisher p = new AudioPublisher(DIRECT, 1000, () -> {});
    Recorder r = new Recorder();
    p.subscribe(r);
    r.subscription.request(0);
    assertThat(r.error).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secondSubscriberIsRefused() {
    AudioPublisher p = new AudioPublisher(DIRECT, 1000, () -> {});
    p.subscribe(new Recorder());
    Recorder second = new Recorder();
    p.subscribe(second);
    assertThat(second.error).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void offerRunsNoSignalOnTheCallersThreadAndSignalsAreSerial() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      AudioPublisher p = new AudioPublisher(pool, 1 << 20, () -> {});
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      List<Integer> seen = new ArrayList<>();
      Thread caller = Thread.currentThread();
      List<Thread> threads = new ArrayList<>();
      Subscriber<AudioStream> s =
          new Subscriber<>() {
            Subscription sub;

            @Override
            public void onSubscribe(Subscription sub) {
              this.sub = sub;
              sub.request(1);
            }

            @Override
            public void onNext(AudioStream item) {
              if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              synchronized (seen) {
                seen.add(((AudioEvent) item).audioChunk().asByteArray()[0] & 0xff);
                threads.add(Thread.currentThread());
              }
              inside.decrementAndGet();
              sub.request(1); // one at a time, from inside onNext (§3.3)
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {
              synchronized (seen) {
                seen.add(-1);
              }
            }
          };
      p.subscribe(s);
      for (int i = 0; i < 200; i++) {
        p.offer(new byte[] {(byte) i});
      }
      p.end();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < until) {
        synchronized (seen) {
          if (seen.size() == 201) {
            break;
          }
        }
        Thread.sleep(5);
      }
      synchronized (seen) {
        assertThat(seen).hasSize(201);
        for (int i = 0; i < 200; i++) {
          assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(seen.get(200)).isEqualTo(-1);
        assertThat(threads).doesNotContain(caller);
      }
      assertThat(overlaps.get()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefusedDrainIsReported() {
    AtomicInteger rejected = new AtomicInteger();
    AudioPublisher p =
        new AudioPublisher(
            r -> {
              throw new RejectedExecutionException("full");
            },
            1000,
            rejected::incrementAndGet);
    p.offer(new byte[] {1});
    assertThat(rejected.get()).isEqualTo(1);
  }
}
