package io.mrcpj.asr.vosk;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Vosk (Kaldi) recognition: one {@link Model} loaded at start and shared, one Vosk recognizer per
 * stream. Decoding runs on the engine's own worker pool ({@code workers} threads); each stream's
 * work is serialised on that pool so a recognizer is only ever used by one thread at a time, and
 * callers never wait for decoding.
 */
public final class VoskEngine implements RecognitionEngine {

  static final String NAME = "vosk";
  static final int SAMPLE_RATE = 16_000;
  private static final Logger log = LoggerFactory.getLogger(VoskEngine.class);

  private final Model model;
  private final String language;
  private final ThreadPoolExecutor workers;
  private final int maxQueuedSamples;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder busy =
      new java.util.concurrent.atomic.LongAdder();

  VoskEngine(Path modelDir, String language, int workerCount, int maxQueuedSeconds)
      throws EngineException {
    this.language = language;
    this.maxQueuedSamples = maxQueuedSeconds * SAMPLE_RATE;
    try {
      LibVosk.setLogLevel(LogLevel.WARNINGS);
      long start = System.nanoTime();
      this.model = new Model(modelDir.toString());
      log.info(
          "Vosk model {} loaded in {} ms",
          modelDir,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (IOException | RuntimeException | Error e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "cannot load the Vosk model at " + modelDir, e);
    }
    // Tasks are short (one chunk of audio each), so the queue only needs to hold the chunks of
    // the streams in flight; each stream bounds its own backlog in samples.
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("vosk-worker-"));
    this.workers.allowCoreThreadTimeOut(true);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> languages() {
    return Set.of(language);
  }

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    if (!supports(request.language())) {
      throw new EngineException(
          EngineException.Kind.LANGUAGE_UNSUPPORTED,
          "Vosk model is " + language + ", not " + request.language());
    }
    if (workers.isShutdown()) {
      throw new EngineException(EngineException.Kind.ENGINE_FAILURE, "Vosk engine is closed");
    }
    return new VoskStream(this, request, listener);
  }

  boolean supports(String tag) {
    String want = tag.toLowerCase(Locale.ROOT);
    String have = language.toLowerCase(Locale.ROOT);
    // en-US serves "en", "en-US" and (leniently) other English variants.
    return want.equals(have)
        || have.startsWith(want + "-")
        || want.split("-")[0].equals(have.split("-")[0]);
  }

  Model model() {
    return model;
  }

  @Override
  public long busyNanos() {
    return busy.sum();
  }

  @Override
  public int queuedWork() {
    return workers.getQueue().size();
  }

  /** Adds a worker's time on one task. */
  void worked(long nanos) {
    busy.add(nanos);
  }

  ExecutorService workers() {
    return workers;
  }

  int maxQueuedSamples() {
    return maxQueuedSamples;
  }

  AtomicInteger openStreams() {
    return openStreams;
  }

  /** Streams opened and not yet fully released; for tests and metrics. */
  public int activeStreams() {
    return openStreams.get();
  }

  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    model.close();
  }
}
