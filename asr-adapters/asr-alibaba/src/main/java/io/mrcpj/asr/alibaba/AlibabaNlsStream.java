package io.mrcpj.asr.alibaba;

import com.alibaba.nls.client.protocol.asr.SpeechTranscriber;
import com.alibaba.nls.client.protocol.asr.SpeechTranscriberListener;
import com.alibaba.nls.client.protocol.asr.SpeechTranscriberResponse;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recognition as one SDK {@link SpeechTranscriber} on one WebSocket connection. The SDK's calls
 * block ({@code new SpeechTranscriber} until the upgrade, {@code start} until {@code
 * TranscriptionStarted}, {@code stop} until {@code TranscriptionCompleted}), so they run in order
 * on the engine's workers through a {@link StreamWork}; the callers' methods only copy the audio
 * into {@value #CHUNK_MS} ms chunks and queue them there. Audio fed before the service has
 * confirmed the start waits in that queue and goes out, in order, once it has. Audio fed and not
 * yet written to the socket is bounded by {@code max-queued-seconds}.
 *
 * <p>The SDK's listener runs on the connection's event loop. Everything that reaches the channel's
 * listener goes through one delivery lock, so partials, the final result and errors come one at a
 * time and nothing follows the end; {@link #close()} never takes that lock (a listener may hold its
 * own lock while calling it): it sets a flag every delivery checks, and closes the connection,
 * which also ends any SDK call still waiting.
 *
 * <p>Time limits: {@code connect-timeout-ms} from the start task to {@code TranscriptionStarted};
 * {@code final-timeout-ms} from the stop to {@code TranscriptionCompleted}. A worker is held by a
 * stream for at most those times.
 */
final class AlibabaNlsStream implements RecognitionStream {

  /** Audio per message: the service's guidance is 100 to 200 ms. */
  static final int CHUNK_MS = 100;

  private static final Logger log = LoggerFactory.getLogger(AlibabaNlsStream.class);

  private final AlibabaNlsEngine engine;
  private final AlibabaNlsSettings settings;
  private final RecognitionListener listener;
  private final StreamOptions options;
  private final StreamWork work;
  private final Events events = new Events();

  // The callers' side: one thread at a time, the chunk handed over with its lock.
  private final byte[] chunk;
  private int chunkFill;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean inputEnded = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();
  private volatile boolean refused;

  private volatile WsConnection connection;
  private volatile String token;
  private volatile Thread starter;
  private volatile boolean started;

  // Confined to the stream's work.
  private SpeechTranscriber transcriber;

  // Written under deliveryLock; volatile so the work can skip what no longer matters.
  private final Object deliveryLock = new Object();
  private volatile boolean ended;
  private final Sentences sentences = new Sentences();

  AlibabaNlsStream(AlibabaNlsEngine engine, StreamOptions options, RecognitionListener listener)
      throws EngineException {
    this.engine = engine;
    this.settings = engine.settings();
    this.options = options;
    this.listener = listener;
    this.chunk = new byte[2 * settings.sampleRate() * CHUNK_MS / 1000];
    this.work = new StreamWork(engine.workers(), () -> refused = true);
    engine.openStreams().incrementAndGet();
    work.submit(this::start);
    if (refused) {
      release();
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          engine.isClosed()
              ? "the alibaba-nls engine is closed"
              : "the alibaba-nls engine has too much work waiting (threads)");
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
        chunk[chunkFill++] = (byte) s; // little-endian, as the pcm format wants
        chunk[chunkFill++] = (byte) (s >> 8);
        if (chunkFill == chunk.length) {
          queue(chunk.clone());
          chunkFill = 0;
        }
      }
    }
  }

  /** Queues one chunk; false, and the stream fails (not on this thread), past the bound. */
  private boolean queue(byte[] bytes) {
    if (queuedBytes.addAndGet(bytes.length) > settings.maxQueuedBytes()) {
      queuedBytes.addAndGet(-bytes.length);
      inputEnded.set(true); // no more audio is taken
      if (overflowed.compareAndSet(false, true)) {
        failSoon(Failures.overflow(settings));
      }
      return false;
    }
    submit(() -> sendAudio(bytes));
    return true;
  }

  /** Queues work; a pool that refuses it (closing, or its queue full) fails the stream. */
  private void submit(Runnable task) {
    work.submit(task);
    if (refused && !ended) {
      failSoon("the alibaba-nls engine is overloaded or closed (threads)");
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
        if (!queue(rest)) {
          return;
        }
      }
    }
    submit(this::stop);
  }

  /**
   * Abandons the recognition: closes its connection now (no StopTranscription is sent; the SDK
   * calls waiting on it return), then lets the stream's work finish. No callback starts after this
   * returns. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    WsConnection c = connection;
    if (c != null) {
      c.close();
    }
    work.submit(this::release);
    if (refused) {
      release();
    }
  }

  // ---- the stream's work, on an engine worker ----

  private void start() {
    if (closed.get() || ended) {
      return;
    }
    long begin = System.nanoTime();
    String t = engine.tokens().current();
    token = t;
    SpeechTranscriber st;
    try {
      st = new SpeechTranscriber(engine.gateway(), t, events);
    } catch (NlsGateway.ConnectFailure e) {
      fail(withTokenProblem(e.getMessage()), e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while connecting to " + settings.url(), e);
      return;
    } catch (Exception e) {
      fail("cannot connect to " + settings.url() + ": " + Failures.rootMessage(e), e);
      return;
    }
    transcriber = st;
    if (closed.get() || ended) {
      st.close();
      return;
    }
    options.configure(st, settings, engine.appKey());
    long left =
        settings.connectTimeoutMs() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    starter = Thread.currentThread();
    try {
      st.start(Math.max(1, left));
    } catch (Exception e) {
      // Should a confirmation ever come too early after all (StartRace), the SDK's state is
      // right (only its latch missed it): go on.
      if (!started) {
        fail(Failures.notStarted(settings), e);
        return;
      }
    } finally {
      starter = null;
    }
    if (!started) {
      fail(settings.url() + " ended the recognition before confirming it", null);
    }
  }

  private void sendAudio(byte[] bytes) {
    SpeechTranscriber st = transcriber;
    if (st == null || !started || ended || closed.get()) {
      queuedBytes.addAndGet(-bytes.length);
      return;
    }
    try {
      st.send(bytes); // the SDK copies it and writes it through the connection, which counts it
    } catch (RuntimeException e) {
      queuedBytes.addAndGet(-bytes.length);
      fail("sending audio to " + settings.url() + " failed: " + Failures.rootMessage(e), e);
    }
  }

  private void stop() {
    SpeechTranscriber st = transcriber;
    if (st == null || ended || closed.get()) {
      return;
    }
    try {
      st.stop(settings.finalTimeoutMs());
    } catch (RuntimeException e) {
      fail("stopping the recognition failed: " + Failures.rootMessage(e), e);
      return;
    } catch (Exception e) { // the SDK's timeout
      fail(Failures.notCompleted(settings), e);
      return;
    }
    // The SDK returns only once the listener has heard the completion, a failure or the close.
    fail(settings.url() + " ended the recognition without completing it", null);
  }

  private void failSoon(String message) {
    try {
      engine.timer().execute(() -> fail(message, null));
    } catch (RejectedExecutionException e) {
      release(); // the engine is closing: its streams end with it
    }
  }

  // ---- delivery, under the lock (event loop, worker or timer) ----

  private void partial(Integer index, String text) {
    synchronized (deliveryLock) {
      if (ended) {
        return;
      }
      Hypothesis h = sentences.changed(index, text);
      if (h != null && !closed.get()) {
        listener.onPartial(h);
      }
    }
  }

  private void sentenceEnded(Integer index, String text, Double confidence) {
    synchronized (deliveryLock) {
      if (!ended) {
        sentences.ended(index, text, confidence);
      }
    }
  }

  private void complete() {
    synchronized (deliveryLock) {
      if (ended) {
        return;
      }
      ended = true;
      List<Hypothesis> result = sentences.complete();
      end();
      if (!closed.get()) {
        listener.onFinal(result);
      }
    }
  }

  private void fail(String message, Throwable cause) {
    synchronized (deliveryLock) {
      if (ended) {
        return;
      }
      ended = true;
      end();
      if (engine.isClosed()) {
        message = "the alibaba-nls engine was closed before the final result";
      }
      if (!closed.get()) {
        log.warn("alibaba-nls stream failed: {}", message);
        listener.onError(new EngineException(EngineException.Kind.ENGINE_FAILURE, message, cause));
      }
    }
  }

  private String withTokenProblem(String message) {
    String problem = engine.tokens().problem();
    return problem == null ? message : message + " (" + problem + ")";
  }

  /** Closes the connection (which ends any SDK call waiting) and frees the stream; idempotent. */
  private void end() {
    WsConnection c = connection;
    if (c != null) {
      c.close();
    }
    release();
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      engine.openStreams().decrementAndGet();
    }
  }

  /** The SDK's listener (on the event loop) and the transport's extra events. */
  private final class Events extends SpeechTranscriberListener implements TransportEvents {

    @Override
    public void connecting(WsConnection c) {
      connection = c;
      if (closed.get() || ended) {
        c.close();
      }
    }

    @Override
    public void written(int bytes) {
      queuedBytes.addAndGet(-bytes);
    }

    /** While the SDK's start is not yet waiting for the answer (see {@link StartRace}). */
    @Override
    public boolean holdInbound() {
      return StartRace.tooEarly(starter, getSpeechTranscriber());
    }

    @Override
    public void badMessage(String message, RuntimeException error) {
      fail(settings.url() + " sent a message the SDK cannot read: " + error, error);
    }

    @Override
    public void onTranscriberStart(SpeechTranscriberResponse response) {
      started = true;
    }

    @Override
    public void onSentenceBegin(SpeechTranscriberResponse response) {}

    @Override
    public void onTranscriptionResultChange(SpeechTranscriberResponse response) {
      partial(response.getTransSentenceIndex(), response.getTransSentenceText());
    }

    @Override
    public void onSentenceEnd(SpeechTranscriberResponse response) {
      sentenceEnded(
          response.getTransSentenceIndex(),
          response.getTransSentenceText(),
          response.getConfidence());
    }

    @Override
    public void onTranscriptionComplete(SpeechTranscriberResponse response) {
      complete();
    }

    @Override
    public void onFail(SpeechTranscriberResponse response) {
      Object status = response.header.get("status");
      Integer code = status instanceof Number n ? n.intValue() : null;
      String where = settings.url().toString();
      fail(
          withTokenProblem(Failures.taskFailed(where, code, response.getStatusText(), token)),
          null);
    }

    @Override
    public void onClose(int code, String reason) {
      // Reported before the SDK's waits end, so a worker let go by them finds the stream ended.
      fail(Failures.closed(settings.url().toString(), code, reason), null);
      super.onClose(code, reason);
    }
  }
}
