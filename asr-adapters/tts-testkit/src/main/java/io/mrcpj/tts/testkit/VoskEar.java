package io.mrcpj.tts.testkit;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code vosk} engine with its bundled US English model, to check that synthesized speech
 * is intelligible. The model is unpacked into the default cache folder ({@code ~/.cache/mrcpj},
 * shared with the other modules' tests) the first time; it takes 16 kHz audio only.
 */
public final class VoskEar implements AutoCloseable {

  /** The only rate the bundled model takes. */
  public static final int SAMPLE_RATE = 16_000;

  private final RecognitionEngine engine;

  public VoskEar() throws EngineException {
    RecognitionEngineProvider provider =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("vosk"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("asr-vosk is not on the class path"));
    engine = provider.create(Map.of("workers", "1"));
  }

  /** The best transcript of 16 kHz {@code pcm}, or "" when Vosk heard no words. */
  public String hear(short[] pcm) throws Exception {
    CompletableFuture<List<Hypothesis>> result = new CompletableFuture<>();
    RecognitionListener listener =
        new RecognitionListener() {
          @Override
          public void onFinal(List<Hypothesis> nBest) {
            result.complete(nBest);
          }

          @Override
          public void onError(EngineException error) {
            result.completeExceptionally(error);
          }
        };
    try (RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), listener)) {
      // 20 ms frames, as RTP would deliver them.
      for (int off = 0; off < pcm.length; off += 320) {
        stream.feed(pcm, off, Math.min(320, pcm.length - off));
      }
      stream.endOfInput();
      List<Hypothesis> nBest = result.get(60, TimeUnit.SECONDS);
      return nBest.isEmpty() ? "" : nBest.get(0).text();
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
