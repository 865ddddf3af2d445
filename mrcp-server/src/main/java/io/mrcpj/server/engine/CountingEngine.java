package io.mrcpj.server.engine;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps an engine to count the streams the server holds open: a stream counts from {@code open}
 * until its first {@code close}. Lets tests and metrics see leaked engine streams whatever the
 * engine. Closing this wrapper does not close the engine it wraps unless asked to.
 */
public final class CountingEngine implements RecognitionEngine {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(CountingEngine.class);

  private final RecognitionEngine delegate;
  private final boolean owns;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final long busyBase; // the engine's busy time when this wrapper was made

  /**
   * @param delegate the real engine
   * @param owns close {@code delegate} when this is closed
   */
  public CountingEngine(RecognitionEngine delegate, boolean owns) {
    this.delegate = delegate;
    this.owns = owns;
    this.busyBase = Math.max(0, delegate.busyNanos());
  }

  /** The wrapped engine. */
  public RecognitionEngine delegate() {
    return delegate;
  }

  /** Streams opened and not yet closed. */
  public int openStreams() {
    return open.get();
  }

  /** Samples fed to the engine since start (at its {@link #sampleRate()}). */
  public long samplesFed() {
    return samples.get();
  }

  /** Streams opened since start. */
  public long streamsOpened() {
    return opened.get();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Set<String> languages() {
    return delegate.languages();
  }

  @Override
  public int sampleRate() {
    return delegate.sampleRate();
  }

  /**
   * The engine's busy time since this wrapper was made (an engine shared by several servers, as in
   * tests, counts the work of all of them), or -1 when the engine does not measure it.
   */
  @Override
  public long busyNanos() {
    long b = delegate.busyNanos();
    return b < 0 ? b : b - busyBase;
  }

  @Override
  public int queuedWork() {
    return delegate.queuedWork();
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    RecognitionStream stream;
    try {
      stream = delegate.open(request, listener);
    } catch (RuntimeException e) {
      // an engine bug is this recognition's failure (006), not the server's
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "the engine failed to open a stream: " + e, e);
    }
    if (stream == null) {
      throw new EngineException(EngineException.Kind.ENGINE_FAILURE, "the engine opened no stream");
    }
    open.incrementAndGet();
    opened.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    return new RecognitionStream() {
      @Override
      public void feed(short[] pcm, int offset, int length) {
        samples.addAndGet(length);
        stream.feed(pcm, offset, length);
      }

      @Override
      public void endOfInput() {
        stream.endOfInput();
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          open.decrementAndGet();
        }
        try {
          stream.close();
        } catch (RuntimeException e) {
          log.warn("the engine failed to close a stream", e);
        }
      }
    };
  }

  @Override
  public void close() {
    if (owns) {
      delegate.close();
    }
  }
}
