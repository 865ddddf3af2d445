package io.mrcpj.asr.google;

import com.google.api.gax.rpc.ClientStream;
import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StreamController;
import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.RecognitionConfig.AudioEncoding;
import com.google.cloud.speech.v1.SpeechContext;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recognition over one {@code StreamingRecognize} call. The callers' methods only copy the
 * audio and queue work on the stream's {@link SerialExecutor}; the call, the audio not yet sent,
 * the timer and what was heard so far live there and need no lock. gRPC's callbacks are queued
 * there too.
 *
 * <p>The first request carries the configuration (LINEAR16 at 16 kHz, the language, N-best as
 * {@code max_alternatives}, the grammar's phrases as a speech context, interim results on, single
 * utterance off); audio follows in requests of {@value #CHUNK_MS} ms. gRPC buffers what it is given
 * without blocking; audio is handed to it only while its call is ready for more, and what waits
 * here is bounded by {@code max-queued-seconds}. At the end of input the rest of the audio goes out
 * and the sending side is closed; the service then sends its last results and ends the call, and
 * the stream's final result is everything heard. Without that end within {@code final-timeout-ms}
 * the call is cancelled and the stream fails.
 */
final class GoogleSpeechStream implements RecognitionStream {

  /** Audio per request: the service's recommended size is about 100 ms. */
  static final int CHUNK_MS = 100;

  /** The service takes at most this many alternatives. */
  static final int MAX_ALTERNATIVES = 30;

  /** The service takes at most this many phrases per request, each at most 100 characters. */
  static final int MAX_PHRASES = 5000;

  static final int MAX_PHRASE_CHARS = 100;

  /** How soon audio waiting for a call that was not ready is tried again. */
  static final int RETRY_MS = 20;

  private static final Logger log = LoggerFactory.getLogger(GoogleSpeechStream.class);

  private enum State {
    STARTING,
    OPEN,
    WAITING_FOR_FINAL,
    DONE
  }

  private final GoogleSpeechEngine engine;
  private final GoogleSettings settings;
  private final StreamRequest request;
  private final RecognitionListener listener;
  private final SerialExecutor serial;
  private final int chunkBytes;

  // Written by the callers' threads.
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean inputEnded = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();

  // Confined to the serial executor.
  private State state = State.STARTING;
  private ClientStream<StreamingRecognizeRequest> requests;
  private ByteString pending = ByteString.EMPTY;
  private ScheduledFuture<?> deadline;
  private ScheduledFuture<?> retry;
  private final Transcript transcript;

  /** Set by gRPC when the call starts (during {@code splitCall}, on the serial executor). */
  private volatile StreamController controller;

  GoogleSpeechStream(GoogleSpeechEngine engine, StreamRequest request, RecognitionListener listener)
      throws EngineException {
    this.engine = engine;
    this.settings = engine.settings();
    this.request = request;
    this.listener = listener;
    this.serial = new SerialExecutor(engine.pool());
    this.chunkBytes = 2 * GoogleSettings.SAMPLE_RATE * CHUNK_MS / 1000;
    this.transcript = new Transcript(Math.min(request.nBest(), MAX_ALTERNATIVES));
    engine.openStreams().add(this);
    try {
      serial.execute(this::start);
    } catch (RejectedExecutionException e) {
      engine.openStreams().remove(this);
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "the google engine is closed", e);
    }
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    if (length <= 0 || closed.get() || inputEnded.get()) {
      return;
    }
    if (queuedBytes.addAndGet(2L * length) > settings.maxQueuedBytes()) {
      if (inputEnded.compareAndSet(false, true)) {
        run(
            () ->
                fail(
                    "more than "
                        + settings.maxQueuedSeconds()
                        + " s of audio waiting to be sent to "
                        + service()
                        + " (max-queued-seconds)",
                    null));
      }
      return;
    }
    byte[] bytes = new byte[2 * length];
    for (int i = 0; i < length; i++) {
      short s = pcm[offset + i];
      bytes[2 * i] = (byte) s; // LINEAR16 is little-endian
      bytes[2 * i + 1] = (byte) (s >> 8);
    }
    ByteString audio = ByteString.copyFrom(bytes);
    run(() -> onAudio(audio));
  }

  @Override
  public void endOfInput() {
    if (!closed.get() && inputEnded.compareAndSet(false, true)) {
      run(this::onEndOfInput);
    }
  }

  /** Cancels the call and frees the stream; no callback starts after this returns. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      run(this::abandon);
    }
  }

  /** The engine is closing: fail unless the stream is done (its call is about to be cancelled). */
  void engineClosing() {
    run(() -> fail("the google engine was closed before the final result", null));
  }

  private void run(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      // The engine is closed: its threads are gone, and its channel took the call with it.
    }
  }

  /** Names the service in messages. */
  private String service() {
    return "Google Speech-to-Text at " + settings.endpoint();
  }

  // ---- on the serial executor ----

  private void start() {
    if (closed.get()) {
      return; // abandon() runs next
    }
    try {
      requests = engine.callable().splitCall(new Observer());
      requests.send(
          StreamingRecognizeRequest.newBuilder().setStreamingConfig(streamingConfig()).build());
    } catch (RuntimeException e) {
      fail("cannot start a stream to " + service() + ": " + e, e);
      return;
    }
    state = State.OPEN;
  }

  /** The first request's configuration; the phrases become one speech context. */
  StreamingRecognitionConfig streamingConfig() {
    String language = request.language().isBlank() ? settings.language() : request.language();
    RecognitionConfig.Builder config =
        RecognitionConfig.newBuilder()
            .setEncoding(AudioEncoding.LINEAR16)
            .setSampleRateHertz(GoogleSettings.SAMPLE_RATE)
            .setAudioChannelCount(1)
            .setLanguageCode(language)
            .setMaxAlternatives(Math.min(request.nBest(), MAX_ALTERNATIVES));
    if (settings.model() != null) {
      config.setModel(settings.model());
    }
    List<String> phrases = phrases(request.phrases());
    if (!phrases.isEmpty()) {
      config.addSpeechContexts(SpeechContext.newBuilder().addAllPhrases(phrases));
    }
    return StreamingRecognitionConfig.newBuilder()
        .setConfig(config)
        .setInterimResults(true)
        .setSingleUtterance(false)
        .build();
  }

  /** The grammar's phrases within the service's limits: trimmed, no repeats, none too long. */
  static List<String> phrases(List<String> all) {
    Set<String> unique = new LinkedHashSet<>();
    for (String p : all) {
      String norm = p.trim().replaceAll("\\s+", " ");
      if (!norm.isEmpty() && norm.length() <= MAX_PHRASE_CHARS && unique.size() < MAX_PHRASES) {
        unique.add(norm);
      }
    }
    return new ArrayList<>(unique);
  }

  private void onAudio(ByteString audio) {
    if (state == State.DONE) {
      queuedBytes.addAndGet(-audio.size());
      return;
    }
    pending = pending.concat(audio);
    if (state == State.OPEN) {
      trySend();
    }
  }

  /** Sends what the call takes now; a call not ready yet is tried again a little later. */
  private void trySend() {
    try {
      if (!sendAudio(false) && retry == null) {
        retry = engine.pool().schedule(() -> run(this::retrySend), RETRY_MS, TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      fail(Failures.explain(e, service()), e);
    }
  }

  private void retrySend() {
    retry = null;
    if (state == State.OPEN) {
      trySend();
    }
  }

  /**
   * Sends whole chunks of the waiting audio while the call takes more; with {@code all}, sends
   * everything (the end of input: gRPC buffers it). False when whole chunks are left waiting
   * because the call is not ready for them.
   */
  private boolean sendAudio(boolean all) {
    int waiting;
    while ((waiting = pending.size()) >= chunkBytes || (all && waiting > 0)) {
      if (!all && !requests.isSendReady()) {
        return false;
      }
      int size = Math.min(waiting, chunkBytes);
      requests.send(
          StreamingRecognizeRequest.newBuilder()
              .setAudioContent(pending.substring(0, size))
              .build());
      pending = ByteString.copyFrom(pending.substring(size).toByteArray());
      queuedBytes.addAndGet(-size);
    }
    return true;
  }

  private void onEndOfInput() {
    if (state != State.OPEN) {
      return; // STARTING cannot be: start() ran first and either opened or failed
    }
    try {
      sendAudio(true);
      requests.closeSend();
    } catch (RuntimeException e) {
      fail(Failures.explain(e, service()), e);
      return;
    }
    state = State.WAITING_FOR_FINAL;
    deadline =
        engine
            .pool()
            .schedule(
                () -> run(this::finalTimedOut), settings.finalTimeoutMs(), TimeUnit.MILLISECONDS);
  }

  private void finalTimedOut() {
    if (state == State.WAITING_FOR_FINAL) {
      fail(
          "no final result from "
              + service()
              + " within "
              + settings.finalTimeoutMs()
              + " ms of the end of input (final-timeout-ms)",
          null);
    }
  }

  private void onResponse(StreamingRecognizeResponse response) {
    if (state == State.DONE) {
      return;
    }
    if (response.hasError() && response.getError().getCode() != 0) {
      fail(
          Failures.explain(
              Failures.codeName(response.getError().getCode()),
              response.getError().getMessage(),
              service()),
          null);
      return;
    }
    Hypothesis partial = transcript.accept(response.getResultsList());
    if (partial != null && !closed.get()) {
      listener.onPartial(partial);
    }
  }

  /** The service ended the call: everything it had to say has been said. */
  private void onServerDone() {
    if (state == State.DONE) {
      return;
    }
    List<Hypothesis> nBest = transcript.complete();
    end();
    if (!closed.get()) {
      listener.onFinal(nBest);
    }
  }

  private void fail(String message, Throwable cause) {
    if (state == State.DONE) {
      return;
    }
    end();
    if (engine.isClosed()) {
      // Its channel shutting down ended the call; say so rather than blame the service.
      message = "the google engine was closed before the final result";
    }
    if (!closed.get()) {
      log.warn("google stream failed: {}", message);
      listener.onError(new EngineException(EngineException.Kind.ENGINE_FAILURE, message, cause));
    }
  }

  /** close(): ends the stream without a word to the listener. */
  private void abandon() {
    if (state != State.DONE) {
      end();
    }
  }

  /** Stops the timer, cancels the call (a no-op once it has ended), drops the audio. */
  private void end() {
    state = State.DONE;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
    StreamController c = controller;
    if (c != null) {
      c.cancel();
    }
    queuedBytes.addAndGet(-pending.size());
    pending = ByteString.EMPTY;
    engine.openStreams().remove(this);
  }

  /** gRPC's callbacks, each queued onto the stream's serial executor. */
  private final class Observer implements ResponseObserver<StreamingRecognizeResponse> {

    @Override
    public void onStart(StreamController c) {
      controller = c;
    }

    @Override
    public void onResponse(StreamingRecognizeResponse response) {
      run(() -> GoogleSpeechStream.this.onResponse(response));
    }

    @Override
    public void onError(Throwable t) {
      run(() -> fail(Failures.explain(t, service()), t));
    }

    @Override
    public void onComplete() {
      run(GoogleSpeechStream.this::onServerDone);
    }
  }
}
