package io.mrcpj.asr.aws;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.transcribestreaming.model.MediaEncoding;
import software.amazon.awssdk.services.transcribestreaming.model.PartialResultsStability;
import software.amazon.awssdk.services.transcribestreaming.model.Result;
import software.amazon.awssdk.services.transcribestreaming.model.StartStreamTranscriptionRequest;
import software.amazon.awssdk.services.transcribestreaming.model.StartStreamTranscriptionResponseHandler;
import software.amazon.awssdk.services.transcribestreaming.model.TranscriptEvent;
import software.amazon.awssdk.services.transcribestreaming.model.TranscriptResultStream;

/**
 * One recognition as one {@code StartStreamTranscription} call. The callers' methods only copy the
 * audio into {@value #CHUNK_MS} ms chunks and queue them on the {@link AudioPublisher}; the call is
 * started on an engine worker (the SDK resolves credentials and signs there).
 *
 * <p>Results arrive on the SDK's threads. Everything that reaches the listener goes through one
 * delivery lock, so partials, the final result and errors come one at a time and nothing follows
 * the end; {@link #close()} never takes that lock (a listener may hold its own lock while calling
 * close), it sets a flag that every delivery checks.
 *
 * <p>The final result is delivered when the service ends the stream of results; normally that
 * follows the end of input, which the SDK sends as an empty event once the audio queue is sent. If
 * the service ends it earlier, the words heard so far are final all the same.
 */
final class AwsTranscribeStream implements RecognitionStream {

  /** Audio per AudioEvent: the service's guidance is 50 to 200 ms per chunk. */
  static final int CHUNK_MS = 100;

  private static final Logger log = LoggerFactory.getLogger(AwsTranscribeStream.class);

  private final AwsTranscribeEngine engine;
  private final AwsTranscribeSettings settings;
  private final StreamRequest request;
  private final String language;
  private final RecognitionListener listener;
  private final AudioPublisher audio;

  // The callers' side: one thread at a time, handed over with the lock.
  private final byte[] chunk;
  private int chunkFill;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean inputEnded = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();

  private volatile CompletableFuture<Void> call;
  private volatile ScheduledFuture<?> deadline;

  // Guarded by deliveryLock.
  private final Object deliveryLock = new Object();
  private boolean done;
  private final Segments segments = new Segments();

  AwsTranscribeStream(
      AwsTranscribeEngine engine,
      StreamRequest request,
      String language,
      RecognitionListener listener)
      throws EngineException {
    this.engine = engine;
    this.settings = engine.settings();
    this.request = request;
    this.language = language;
    this.listener = listener;
    this.chunk = new byte[2 * AwsTranscribeSettings.SAMPLE_RATE * CHUNK_MS / 1000];
    this.audio =
        new AudioPublisher(
            engine.workers(),
            settings.maxQueuedBytes(),
            () -> failLater("the aws-transcribe engine is overloaded or closed"));
    engine.openStreams().incrementAndGet();
    try {
      engine.workers().execute(this::start);
    } catch (RejectedExecutionException e) {
      release();
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          engine.isClosed()
              ? "the aws-transcribe engine is closed"
              : "the aws-transcribe engine has too many recognitions starting",
          e);
    }
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    if (length <= 0 || closed.get() || inputEnded.get()) {
      return;
    }
    synchronized (chunk) {
      for (int i = 0; i < length; i++) {
        short s = pcm[offset + i];
        chunk[chunkFill++] = (byte) s; // little-endian, as media-encoding pcm wants
        chunk[chunkFill++] = (byte) (s >> 8);
        if (chunkFill == chunk.length) {
          send(chunk.clone());
          chunkFill = 0;
        }
      }
    }
  }

  /** Queues one chunk; past max-queued-seconds the stream fails (on a worker, not here). */
  private void send(byte[] bytes) {
    if (!audio.offer(bytes) && inputEnded.compareAndSet(false, true)) {
      failLater(
          "more than "
              + settings.maxQueuedSeconds()
              + " s of audio waiting to be sent to "
              + engine.describeEndpoint()
              + " (max-queued-seconds)");
    }
  }

  @Override
  public void endOfInput() {
    if (closed.get() || !inputEnded.compareAndSet(false, true)) {
      return;
    }
    synchronized (chunk) {
      if (chunkFill > 0) {
        byte[] rest = new byte[chunkFill];
        System.arraycopy(chunk, 0, rest, 0, chunkFill);
        chunkFill = 0;
        if (!audio.offer(rest)) {
          failLater("too much audio waiting at the end of input (max-queued-seconds)");
          return;
        }
      }
    }
    audio.end();
    try {
      deadline = engine.schedule(this::finalTimedOut, settings.finalTimeoutMs());
    } catch (RejectedExecutionException e) {
      // The engine is closing; its client's end fails the call.
    }
  }

  /**
   * Cancels the call; no callback starts after this returns. The SDK may answer a cancel by
   * signalling errors on the cancelling thread, which then waits for the delivery lock, so the
   * cancel itself is handed to a worker: the caller may be holding a lock a delivery waits for.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      engine.workers().execute(this::end);
    } catch (RejectedExecutionException e) {
      release(); // the engine is closing and takes every call with it
    }
  }

  // ---- the call ----

  private void start() {
    if (closed.get()) {
      return;
    }
    StartStreamTranscriptionRequest.Builder req =
        StartStreamTranscriptionRequest.builder()
            .languageCode(language)
            .mediaEncoding(MediaEncoding.PCM)
            .mediaSampleRateHertz(AwsTranscribeSettings.SAMPLE_RATE);
    if (settings.partialStability() != null) {
      req.enablePartialResultsStabilization(true)
          .partialResultsStability(PartialResultsStability.fromValue(settings.partialStability()));
    }
    if (settings.vocabularyName() != null) {
      req.vocabularyName(settings.vocabularyName());
    }
    if (!request.phrases().isEmpty()) {
      log.debug(
          "aws-transcribe: {} grammar phrases not sent (the API takes no phrase list)",
          request.phrases().size());
    }
    StartStreamTranscriptionResponseHandler handler =
        StartStreamTranscriptionResponseHandler.builder()
            .subscriber(() -> new Results())
            .onError(e -> {}) // the returned future carries the same error
            .build();
    CompletableFuture<Void> f;
    try {
      f = engine.client().startStreamTranscription(req.build(), audio, handler);
    } catch (RuntimeException e) {
      fail(Failures.describe(e, engine), e);
      return;
    }
    call = f;
    if (closed.get()) {
      f.cancel(true);
      return;
    }
    f.whenComplete(
        (ok, error) -> {
          if (error != null) {
            fail(Failures.describe(error, engine), error);
          }
        });
  }

  private void finalTimedOut() {
    fail(
        "no final result from "
            + engine.describeEndpoint()
            + " within "
            + settings.finalTimeoutMs()
            + " ms of the end of input (final-timeout-ms)",
        null);
  }

  // ---- delivery (any SDK or engine thread) ----

  private void onResults(List<Result> results) {
    synchronized (deliveryLock) {
      if (done) {
        return;
      }
      for (Result r : results) {
        Hypothesis partial = segments.add(r);
        if (partial != null && !closed.get()) {
          listener.onPartial(partial);
        }
      }
    }
  }

  private void onResultsEnded() {
    List<Hypothesis> nBest;
    synchronized (deliveryLock) {
      if (done) {
        return;
      }
      done = true;
      nBest = segments.complete(request.nBest());
      end();
      if (!closed.get()) {
        listener.onFinal(nBest);
      }
    }
  }

  private void failLater(String message) {
    try {
      engine.workers().execute(() -> fail(message, null));
    } catch (RejectedExecutionException e) {
      // The engine is closing: the streams end with it.
      release();
    }
  }

  private void fail(String message, Throwable cause) {
    synchronized (deliveryLock) {
      if (done) {
        return;
      }
      done = true;
      end();
      if (engine.isClosed()) {
        message = "the aws-transcribe engine was closed before the final result";
      }
      if (!closed.get()) {
        log.warn("aws-transcribe stream failed: {}", message);
        listener.onError(new EngineException(EngineException.Kind.ENGINE_FAILURE, message, cause));
      }
    }
  }

  /** Stops the audio, the deadline and the call; idempotent. */
  private void end() {
    audio.abort();
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
    CompletableFuture<Void> c = call;
    if (c != null) {
      c.cancel(true);
    }
    release();
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      engine.openStreams().decrementAndGet();
    }
  }

  /** Reads the service's events: as many as it sends, one at a time (Reactive Streams §1.3). */
  private final class Results implements Subscriber<TranscriptResultStream> {

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(TranscriptResultStream event) {
      if (event instanceof TranscriptEvent t && t.transcript() != null) {
        onResults(t.transcript().results());
      }
    }

    @Override
    public void onError(Throwable t) {
      fail(Failures.describe(t, engine), t);
    }

    @Override
    public void onComplete() {
      onResultsEnded();
    }
  }
}
