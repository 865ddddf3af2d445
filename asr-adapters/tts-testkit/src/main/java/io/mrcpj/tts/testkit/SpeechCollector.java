package io.mrcpj.tts.testkit;

import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records what one synthesis stream delivers: all of its PCM, and a timeline where each run of
 * audio chunks is one {@code "audio"} entry between {@code "mark:NAME"}, {@code "complete"} and
 * {@code "error"} entries. Thread-safe; the engine calls it from its own threads.
 */
public final class SpeechCollector implements SynthesisListener {

  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final List<String> timeline = new ArrayList<>();
  private short[] pcm = new short[16_000];
  private int samples;
  private int chunks;

  @Override
  public synchronized void onAudio(short[] chunk) {
    if (samples + chunk.length > pcm.length) {
      pcm = Arrays.copyOf(pcm, Math.max(pcm.length * 2, samples + chunk.length));
    }
    System.arraycopy(chunk, 0, pcm, samples, chunk.length);
    samples += chunk.length;
    chunks++;
    if (timeline.isEmpty() || !timeline.get(timeline.size() - 1).equals("audio")) {
      timeline.add("audio");
    }
  }

  @Override
  public synchronized void onMark(String name) {
    timeline.add("mark:" + name);
  }

  @Override
  public synchronized void onComplete() {
    timeline.add("complete");
    done.complete(null);
  }

  @Override
  public synchronized void onError(SynthesisException error) {
    timeline.add("error");
    done.completeExceptionally(error);
  }

  /**
   * Waits for the end of the stream.
   *
   * @throws SynthesisException the error the engine reported
   * @throws TimeoutException when the stream has not ended by then
   */
  public void awaitComplete(Duration limit)
      throws SynthesisException, TimeoutException, InterruptedException {
    try {
      done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (SynthesisException) e.getCause();
    }
  }

  /** Waits for the stream to fail, and returns the error; fails when it completes instead. */
  public SynthesisException awaitError(Duration limit)
      throws TimeoutException, InterruptedException {
    try {
      done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return (SynthesisException) e.getCause();
    }
    throw new AssertionError("the stream completed instead of failing: " + timeline());
  }

  /** Whether onComplete or onError has been called. */
  public boolean ended() {
    return done.isDone();
  }

  /** All audio delivered so far, in order. */
  public synchronized short[] pcm() {
    return Arrays.copyOf(pcm, samples);
  }

  /** Samples delivered so far. */
  public synchronized int samples() {
    return samples;
  }

  /** onAudio calls so far. */
  public synchronized int chunks() {
    return chunks;
  }

  /** What was delivered, in order, audio runs collapsed (e.g. audio, mark:a, audio, complete). */
  public synchronized List<String> timeline() {
    return List.copyOf(timeline);
  }

  /** Seconds of audio in {@code pcm} at {@code sampleRate}. */
  public static double seconds(short[] pcm, int sampleRate) {
    return (double) pcm.length / sampleRate;
  }

  /** The level of {@code pcm} in dB relative to full scale (-inf for digital silence). */
  public static double rmsDbfs(short[] pcm) {
    double sum = 0;
    for (short s : pcm) {
      sum += (double) s * s;
    }
    return 20 * Math.log10(Math.sqrt(sum / Math.max(1, pcm.length)) / 32768.0);
  }
}
