package io.mrcpj.client;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real engine with faults on request, to test how the server copes with engine bugs. The
 * Vendor-Specific-Parameters entry {@code fault} chooses one: {@code open} (open throws), {@code
 * feed} (the first audio throws), {@code end} (end of input throws), {@code hang} (takes audio and
 * never answers). Without it, every call goes to the real engine.
 */
final class FaultyEngine implements RecognitionEngine {

  private final RecognitionEngine real;

  /** Streams of the hanging kind not closed yet. */
  final AtomicInteger hangingOpen = new AtomicInteger();

  FaultyEngine(RecognitionEngine real) {
    this.real = real;
  }

  @Override
  public String name() {
    return real.name();
  }

  @Override
  public Set<String> languages() {
    return real.languages();
  }

  @Override
  public int sampleRate() {
    return real.sampleRate();
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    String fault = request.vendorParameters().getOrDefault("fault", "");
    switch (fault) {
      case "open" -> throw new IllegalStateException("injected fault in open");
      case "hang" -> {
        hangingOpen.incrementAndGet();
        return new RecognitionStream() {
          private boolean closed;

          @Override
          public void feed(short[] pcm, int offset, int length) {}

          @Override
          public void endOfInput() {}

          @Override
          public synchronized void close() {
            if (!closed) {
              closed = true;
              hangingOpen.decrementAndGet();
            }
          }
        };
      }
      default -> {
        RecognitionStream stream = real.open(request, listener);
        return new RecognitionStream() {
          @Override
          public void feed(short[] pcm, int offset, int length) {
            if (fault.equals("feed")) {
              throw new IllegalStateException("injected fault in feed");
            }
            stream.feed(pcm, offset, length);
          }

          @Override
          public void endOfInput() {
            if (fault.equals("end")) {
              throw new IllegalStateException("injected fault at end of input");
            }
            stream.endOfInput();
          }

          @Override
          public void close() {
            stream.close();
          }
        };
      }
    }
  }

  @Override
  public void close() {
    // the real engine is shared and closed by its owner
  }
}
