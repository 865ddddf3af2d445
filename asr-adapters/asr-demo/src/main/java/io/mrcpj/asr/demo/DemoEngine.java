package io.mrcpj.asr.demo;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recognizer that does not recognize: it measures how much of the audio is louder than a level
 * and, at the end of input, answers a configured result when there was enough of it, or nothing
 * (no-match) when there was not. It costs a few additions per sample, so a server running it shows
 * the capacity of the protocol and media path without the cost of speech recognition. Not for
 * production calls: it does not listen to what is said.
 *
 * <p>Results are delivered on the engine's own thread ({@code demo-engine}), after {@code
 * latency-ms}. Its queue holds at most one task per open stream.
 */
public final class DemoEngine implements RecognitionEngine {

  public static final String NAME = "demo";

  /** What the provider read from the configuration. */
  record Settings(
      String result, float confidence, int minSpeechMs, int levelDbfs, int latencyMs, int rate) {}

  private final Settings settings;
  private final double levelSquare;
  private final int frame;
  private final ScheduledThreadPoolExecutor worker;
  private final AtomicInteger open = new AtomicInteger();

  DemoEngine(Settings settings) {
    this.settings = settings;
    double amplitude = 32768 * Math.pow(10, settings.levelDbfs() / 20.0);
    this.levelSquare = amplitude * amplitude;
    this.frame = settings.rate() / 50;
    this.worker =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "demo-engine");
              t.setDaemon(true);
              return t;
            });
    worker.setRemoveOnCancelPolicy(true);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> languages() {
    return Set.of("*");
  }

  @Override
  public int sampleRate() {
    return settings.rate();
  }

  /** Streams open now. */
  public int openStreams() {
    return open.get();
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    if (worker.isShutdown()) {
      throw new EngineException(EngineException.Kind.ENGINE_FAILURE, "the demo engine is closed");
    }
    String text = request.vendorParameters().get("demo.result");
    if (text == null) {
      text = settings.result();
    }
    if (text == null) {
      text = request.phrases().isEmpty() ? "demo" : request.phrases().get(0);
    }
    float confidence = settings.confidence();
    String c = request.vendorParameters().get("demo.confidence");
    if (c != null) {
      confidence =
          DemoEngineProvider.floatSetting(request.vendorParameters(), "demo.confidence", 0);
    }
    open.incrementAndGet();
    return new Stream(new Hypothesis(text.strip(), confidence), listener);
  }

  /** Results waiting for their simulated latency to pass. */
  @Override
  public int queuedWork() {
    return worker.getQueue().size();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** One utterance: counts loud frames; answers once at the end of input. */
  private final class Stream implements RecognitionStream {
    private final Hypothesis result;
    private final RecognitionListener listener;
    private final long neededSamples;
    private long frameEnergy;
    private int frameFill;
    private long loudSamples;
    private boolean ended;
    private volatile boolean closed;

    Stream(Hypothesis result, RecognitionListener listener) {
      this.result = result;
      this.listener = listener;
      this.neededSamples = (long) settings.minSpeechMs() * settings.rate() / 1000;
    }

    @Override
    public void feed(short[] pcm, int offset, int length) {
      if (ended) {
        return;
      }
      for (int i = offset; i < offset + length; i++) {
        frameEnergy += (long) pcm[i] * pcm[i];
        if (++frameFill == frame) {
          if (frameEnergy >= levelSquare * frame) {
            loudSamples += frame;
          }
          frameEnergy = 0;
          frameFill = 0;
        }
      }
    }

    @Override
    public void endOfInput() {
      if (ended) {
        return;
      }
      ended = true;
      List<Hypothesis> answer = loudSamples >= neededSamples ? List.of(result) : List.of();
      Runnable deliver =
          () -> {
            if (!closed) {
              listener.onFinal(answer);
            }
          };
      try {
        if (settings.latencyMs() == 0) {
          worker.execute(deliver);
        } else {
          worker.schedule(deliver, settings.latencyMs(), TimeUnit.MILLISECONDS);
        }
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The engine was closed under an open stream (the server is stopping). The SPI forbids
        // calling the listener on the caller's thread; the server's wait for the final result
        // reports the missing answer.
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        open.decrementAndGet();
      }
    }
  }
}
