package io.mrcpj.asr.vosk;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Recognizer;

/**
 * One recognition on the Vosk engine. Callers enqueue work and return at once; the work runs in
 * order on the engine's pool, one task at a time per stream (a serial queue drained by whichever
 * worker picks it up), so the native recognizer is never used by two threads at once.
 */
final class VoskStream implements RecognitionStream {

  private static final Logger log = LoggerFactory.getLogger(VoskStream.class);

  private final VoskEngine engine;
  private final StreamRequest request;
  private final RecognitionListener listener;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  // Audio waiting for Vosk, in order; one accept task per piece, but a task takes every piece
  // waiting (up to MAX_BATCH samples), so a stream that fell behind catches up in fewer, larger
  // native calls, and later tasks find nothing left.
  private final Queue<short[]> audio = new ConcurrentLinkedQueue<>();
  private final AtomicInteger scheduled = new AtomicInteger();
  private final AtomicLong queuedSamples = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();

  // Touched only by the task running for this stream.
  private Recognizer recognizer;
  private final List<String> segments = new ArrayList<>();
  private final List<Float> segmentConfidence = new ArrayList<>();
  private String lastPartial = "";
  private boolean reported;

  VoskStream(VoskEngine engine, StreamRequest request, RecognitionListener listener) {
    this.engine = engine;
    this.request = request;
    this.listener = listener;
    engine.openStreams().incrementAndGet();
    submit(this::start);
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    if (closed.get() || ended.get() || length <= 0) {
      return;
    }
    if (queuedSamples.addAndGet(length) > engine.maxQueuedSamples()) {
      // The engine cannot keep up; fail this stream rather than grow without bound.
      submit(
          () ->
              fail(
                  new EngineException(
                      EngineException.Kind.ENGINE_FAILURE,
                      "Vosk is overloaded: more than "
                          + engine.maxQueuedSamples() / VoskEngine.SAMPLE_RATE
                          + " s of audio waiting")));
      ended.set(true);
      return;
    }
    audio.add(Arrays.copyOfRange(pcm, offset, offset + length));
    submit(this::acceptWaiting);
  }

  @Override
  public void endOfInput() {
    if (!closed.get() && ended.compareAndSet(false, true)) {
      submit(this::finish);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      submit(this::release);
    }
  }

  private void submit(Runnable task) {
    tasks.add(task);
    if (scheduled.getAndIncrement() == 0) {
      try {
        engine.workers().execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The engine is shutting down: nothing will run; free what we hold here.
        tasks.clear();
        audio.clear();
        scheduled.set(0);
        if (recognizer == null) {
          engine.openStreams().decrementAndGet();
        }
      }
    }
  }

  /** Runs queued tasks one after another; exactly one drain runs at a time per stream. */
  private void drain() {
    long start = System.nanoTime();
    do {
      Runnable task = tasks.poll();
      if (task != null) {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          fail(new EngineException(EngineException.Kind.ENGINE_FAILURE, "Vosk failed: " + e, e));
        }
      }
    } while (scheduled.decrementAndGet() > 0);
    engine.worked(System.nanoTime() - start);
  }

  private void start() {
    if (closed.get()) {
      return;
    }
    try {
      recognizer =
          request.phrases().isEmpty()
              ? new Recognizer(engine.model(), VoskEngine.SAMPLE_RATE)
              : new Recognizer(
                  engine.model(),
                  VoskEngine.SAMPLE_RATE,
                  VoskResults.grammarJson(request.phrases()));
    } catch (IOException e) {
      fail(
          new EngineException(
              EngineException.Kind.GRAMMAR_UNSUPPORTED, "Vosk cannot use the grammar: " + e, e));
      return;
    }
    if (request.nBest() > 1) {
      recognizer.setMaxAlternatives(request.nBest());
    }
    recognizer.setWords(true);
  }

  /** Most samples one native call takes when audio has piled up: half a second. */
  static final int MAX_BATCH = VoskEngine.SAMPLE_RATE / 2;

  private void acceptWaiting() {
    short[] first = audio.poll();
    if (first == null) {
      return; // an earlier task took it along
    }
    short[] next = audio.peek();
    if (next == null || first.length + next.length > MAX_BATCH) {
      accept(first);
      return;
    }
    short[] batch = new short[MAX_BATCH];
    System.arraycopy(first, 0, batch, 0, first.length);
    int n = first.length;
    while ((next = audio.peek()) != null && n + next.length <= MAX_BATCH) {
      audio.poll();
      System.arraycopy(next, 0, batch, n, next.length);
      n += next.length;
    }
    accept(Arrays.copyOf(batch, n));
  }

  private void accept(short[] pcm) {
    queuedSamples.addAndGet(-pcm.length);
    if (closed.get() || recognizer == null || reported) {
      return;
    }
    if (recognizer.acceptWaveForm(pcm, pcm.length)) {
      // Vosk found an endpoint of its own: keep the segment; the server decides when input ends.
      addSegment(VoskResults.parse(recognizer.getResult(), request.nBest()));
    } else {
      String partial = VoskResults.partialText(recognizer.getPartialResult());
      if (!partial.isEmpty() && !partial.equals(lastPartial)) {
        lastPartial = partial;
        listener.onPartial(new Hypothesis(joinWith(partial), 0.5f));
      }
    }
  }

  private void finish() {
    if (closed.get() || recognizer == null || reported) {
      return;
    }
    List<Hypothesis> last = VoskResults.parse(recognizer.getFinalResult(), request.nBest());
    reported = true;
    listener.onFinal(combine(last));
  }

  private void addSegment(List<Hypothesis> nBest) {
    if (!nBest.isEmpty() && !nBest.get(0).text().isEmpty()) {
      segments.add(nBest.get(0).text());
      segmentConfidence.add(nBest.get(0).confidence());
    }
  }

  /** Earlier segments (best path only) are put in front of every hypothesis of the last one. */
  private List<Hypothesis> combine(List<Hypothesis> last) {
    if (segments.isEmpty()) {
      return last.stream().filter(h -> !h.text().isEmpty()).toList();
    }
    String prefix = String.join(" ", segments);
    float conf =
        (float) segmentConfidence.stream().mapToDouble(Float::doubleValue).average().orElse(0);
    if (last.isEmpty() || last.get(0).text().isEmpty()) {
      return List.of(new Hypothesis(prefix, conf));
    }
    List<Hypothesis> out = new ArrayList<>(last.size());
    for (Hypothesis h : last) {
      out.add(new Hypothesis(prefix + " " + h.text(), Math.min(conf, h.confidence())));
    }
    return out;
  }

  private String joinWith(String partial) {
    return segments.isEmpty() ? partial : String.join(" ", segments) + " " + partial;
  }

  private void fail(EngineException e) {
    if (reported) {
      return;
    }
    reported = true;
    log.warn("Vosk stream failed: {}", e.getMessage());
    listener.onError(e);
  }

  private void release() {
    reported = true;
    audio.clear();
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
    }
    engine.openStreams().decrementAndGet();
  }
}
