package io.mrcpj.server.resource.recog;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.HeaderValueException;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.AudioSink;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One speechrecog channel of a session (RFC 6787 section 9): its state (idle, recognizing,
 * recognized), session parameters, stored grammars, RECOGNIZE queue, DTMF type-ahead buffer and
 * last result. Requests arrive on the control connection's event loop, audio and DTMF on an RTP
 * event loop, engine results on engine threads, timers on the given scheduler; everything is done
 * under one lock per channel that is never held across anything that blocks (stream calls and
 * {@link ControlConnection#send} only enqueue). Grammar fetches and waveform writes complete on
 * other threads and come back through the same lock.
 *
 * <p>The methods, what they answer and in which state are listed in docs/CONFORMANCE.md; {@link
 * RecognizerRequests} holds the request handling, {@link Recognition} one RECOGNIZE.
 */
public final class RecognizerChannel implements ResourceChannel, AudioSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecognizerChannel.class);

  /** Most grammars DEFINE-GRAMMAR (and inline grammars with a Content-ID) may store. */
  static final int MAX_STORED_GRAMMARS = 256;

  /** Most RECOGNIZE requests waiting (PENDING) behind the active one. */
  static final int MAX_QUEUED = 8;

  /** Most DTMF keys kept in the type-ahead buffer. */
  static final int MAX_TYPE_AHEAD = 128;

  /** The recognizer states of section 9.1. */
  enum State {
    IDLE,
    RECOGNIZING,
    RECOGNIZED
  }

  final Object lock = new Object();
  final ChannelId id;
  final RecognitionEngine engine;
  final RecognizerSupport support;
  private final ScheduledExecutorService timers;
  private final RecognizerRequests requests;
  private final AtomicLong proxySyncIds = new AtomicLong();

  // Guarded by lock.
  RecognizerParams params;
  final java.util.Map<String, List<ActiveGrammar>> grammars = new java.util.LinkedHashMap<>();
  State state = State.IDLE;
  Recognition active;

  /** A RECOGNIZE (or INTERPRET) whose grammars are being fetched; it counts as busy. */
  Object resolving;

  /** A RECOGNITION-COMPLETE being prepared (its waveform written); it counts as busy. */
  boolean completing;

  final Deque<RecognizerRequests.Queued> queue = new ArrayDeque<>();
  RecognizerRequests.LastResult last;
  private final Deque<long[]> typeAhead = new ArrayDeque<>();
  final List<Path> waveformFiles = new ArrayList<>();
  boolean closed;

  // Leak counters (tests and metrics).
  private final Set<RecognitionStream> openStreams =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private final AtomicInteger pendingTimers = new AtomicInteger();

  // Set once by the server before the channel is reachable.
  private volatile String callId;
  private volatile io.mrcpj.server.metrics.ServerMetrics metrics =
      io.mrcpj.server.metrics.ServerMetrics.none();
  private volatile boolean maskText;

  /**
   * The session this channel belongs to (for the log lines' MDC), where it counts, and whether log
   * lines may show what the caller said and the grammars' contents. Call before any request.
   */
  public RecognizerChannel observed(
      String sessionCallId, io.mrcpj.server.metrics.ServerMetrics m, boolean mask) {
    this.callId = sessionCallId;
    this.metrics = m;
    this.maskText = mask;
    return this;
  }

  /**
   * The engine this channel's recognitions use unless a request names another: as if the client had
   * sent SET-PARAMS with Vendor-Specific-Parameters {@code engine=NAME} (the SIP INVITE's
   * Accept-Contact feature tag asked for it).
   */
  public void sessionEngine(String name) {
    synchronized (lock) {
      try {
        params =
            params.with(
                io.mrcpj.core.message.MrcpHeaders.builder()
                    .add(
                        RecognizerParams.VENDOR_SPECIFIC_PARAMETERS,
                        io.mrcpj.server.engine.EngineSelector.PARAMETER + "=" + name)
                    .build(),
                l -> true);
      } catch (Rejection e) {
        throw new IllegalArgumentException("engine name " + name + ": " + e.getMessage(), e);
      }
    }
  }

  private volatile Runnable onStartOfInput = () -> {};

  /** Runs {@code hook} (it must not block) each time this channel sends START-OF-INPUT. */
  public void onStartOfInput(Runnable hook) {
    this.onStartOfInput = hook == null ? () -> {} : hook;
  }

  io.mrcpj.server.metrics.ServerMetrics metrics() {
    return metrics;
  }

  /** {@code text} for a log line: itself, or only its length when logging.mask-text is on. */
  String shown(String text) {
    if (text == null || !maskText) {
      return text;
    }
    return "[" + text.length() + " chars masked]";
  }

  /** {@code task} running with this channel's Call-ID and Channel-Identifier in the MDC. */
  Runnable inContext(Runnable task) {
    return io.mrcpj.server.LogContext.wrap(callId, id.toString(), task);
  }

  /**
   * @param id this channel's Channel-Identifier
   * @param engine the shared engine; one stream is opened per utterance
   * @param timers where the channel's timers run (owned by the caller)
   * @param defaults values for headers nobody set
   */
  public RecognizerChannel(
      ChannelId id,
      RecognitionEngine engine,
      ScheduledExecutorService timers,
      RecognizerDefaults defaults) {
    this(id, engine, timers, RecognizerSupport.of(defaults));
  }

  public RecognizerChannel(
      ChannelId id,
      RecognitionEngine engine,
      ScheduledExecutorService timers,
      RecognizerSupport support) {
    this.id = id;
    this.engine = engine;
    this.timers = timers;
    this.support = support;
    this.params = RecognizerParams.defaults(support.defaults());
    this.requests = new RecognizerRequests(this);
  }

  public ChannelId id() {
    return id;
  }

  /** The PCM rate this channel wants from RTP (the engine's). */
  public int sampleRate() {
    return engine.sampleRate();
  }

  /** True while a RECOGNIZE is in progress. */
  public boolean recognizing() {
    synchronized (lock) {
      return active != null || resolving != null;
    }
  }

  State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Engine streams this channel opened and has not closed yet. */
  int openStreams() {
    return openStreams.size();
  }

  /** Timers scheduled by this channel that have neither run nor been cancelled. */
  int pendingTimers() {
    return pendingTimers.get();
  }

  Recognition active() {
    return active;
  }

  boolean busy() {
    return active != null || resolving != null || completing;
  }

  // ---------------------------------------------------------------- requests

  @Override
  public void onRequest(MrcpRequest request, ControlConnection connection) {
    try {
      requests.handle(request, connection);
    } catch (HeaderValueException e) {
      log.info("{}: {} {}: {}", id, request.method().name(), request.requestId(), e.getMessage());
      connection.send(
          MrcpResponse.to(request, StatusCode.ILLEGAL_HEADER_VALUE, RequestState.COMPLETE)
              .header(e.headerName(), Grammars.oneLine(e.value()))
              .build());
    } catch (RuntimeException e) {
      log.error("{}: {} {} failed", id, request.method().name(), request.requestId(), e);
      connection.send(
          MrcpResponse.to(request, StatusCode.SERVER_INTERNAL_ERROR, RequestState.COMPLETE)
              .header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(e.toString()))
              .build());
    }
  }

  // ---------------------------------------------------------------- audio and DTMF

  @Override
  public void onAudio(short[] pcm, int offset, int length) {
    synchronized (lock) {
      if (active != null && !completing) {
        active.audio(pcm, offset, length);
      }
    }
  }

  @Override
  public void onDtmf(char digit) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (active != null && !completing && active.wantsDtmf()) {
        active.dtmf(digit);
        return;
      }
      if (typeAhead.size() == MAX_TYPE_AHEAD) {
        typeAhead.pollFirst();
      }
      typeAhead.addLast(new long[] {digit, System.nanoTime()});
    }
  }

  /** Takes the buffered keys younger than {@code maxAgeMillis} (section 9.4.31). Under the lock. */
  String takeTypeAhead(long maxAgeMillis, boolean clear) {
    StringBuilder keys = new StringBuilder();
    long oldest = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
    for (long[] k : typeAhead) {
      if (!clear && k[1] - oldest >= 0) {
        keys.append((char) k[0]);
      }
    }
    typeAhead.clear();
    return keys.toString();
  }

  // ---------------------------------------------------------------- services for Recognition

  RecognitionStream openStream(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    RecognitionStream s = engine.open(request, contextual(listener));
    openStreams.add(s);
    return s;
  }

  /** The engine calls back on its own threads: each callback runs in this channel's context. */
  private RecognitionListener contextual(RecognitionListener l) {
    return new RecognitionListener() {
      @Override
      public void onPartial(io.mrcpj.asr.spi.Hypothesis partial) {
        inContext(() -> l.onPartial(partial)).run();
      }

      @Override
      public void onFinal(List<io.mrcpj.asr.spi.Hypothesis> nBest) {
        inContext(() -> l.onFinal(nBest)).run();
      }

      @Override
      public void onError(EngineException error) {
        inContext(() -> l.onError(error)).run();
      }
    };
  }

  void closeStream(RecognitionStream s) {
    if (openStreams.remove(s)) {
      s.close();
    }
  }

  /** Samples a saved waveform may hold (at the engine's rate). */
  int waveformMaxSamples() {
    WaveformStore w = support.waveforms();
    return (w == null ? 60 : w.maxSeconds()) * sampleRate();
  }

  /** Sends START-OF-INPUT (section 9.12) with its Input-Type and a unique Proxy-Sync-Id. */
  void startOfInput(Recognition r, String inputType) {
    r.connection.send(
        MrcpEvent.builder()
            .name(MrcpEventName.START_OF_INPUT)
            .requestId(r.requestId())
            .state(RequestState.IN_PROGRESS)
            .channelId(id)
            .header(RecognizerHeaders.INPUT_TYPE, inputType)
            .header(GenericHeaders.PROXY_SYNC_ID, id.id() + "-" + proxySyncIds.incrementAndGet())
            .build());
    onStartOfInput.run();
  }

  /**
   * A recognition ended (under the lock): the channel becomes RECOGNIZED, RECOGNITION-COMPLETE goes
   * out (after its waveform is written, when one was asked for), then the queue moves on.
   */
  void finished(
      Recognition r,
      RecognizerCompletionCause cause,
      NlsmlResult result,
      String reason,
      List<Hypothesis> nBest) {
    active = null;
    state = State.RECOGNIZED;
    last = new RecognizerRequests.LastResult(r, cause, result, nBest);
    MrcpEvent.Builder event =
        MrcpEvent.builder()
            .name(MrcpEventName.RECOGNITION_COMPLETE)
            .requestId(r.requestId())
            .state(RequestState.COMPLETE)
            .channelId(id)
            .header(RecognizerHeaders.COMPLETION_CAUSE, cause.toHeaderValue());
    if (reason != null) {
      event.header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(reason));
    }
    if (result != null) {
      event.body(support.nlsmlContentType(), NlsmlWriter.write(result, support.dialect()));
    }
    if (log.isInfoEnabled()) {
      log.info(
          "{}: RECOGNIZE {} complete: {}{}",
          id,
          r.requestId(),
          cause.toHeaderValue(),
          nBest.isEmpty()
              ? ""
              : ", heard \""
                  + shown(nBest.get(0).text())
                  + "\" (confidence "
                  + String.format(java.util.Locale.ROOT, "%.2f", nBest.get(0).confidence())
                  + ")");
    }
    if (!r.params.saveWaveform()) {
      r.connection.send(event.build());
      requests.next(cause);
      return;
    }
    WaveformStore store = support.waveforms();
    if (store == null || r.waveform() == null) {
      event.header(RecognizerHeaders.WAVEFORM_URI, "");
      r.connection.send(event.build());
      requests.next(cause);
      return;
    }
    completing = true;
    store
        .save(id.id() + "-" + r.requestId(), r.waveform(), r.waveformLength(), sampleRate())
        .whenComplete(
            (saved, err) ->
                inContext(
                        () -> {
                          synchronized (lock) {
                            completing = false;
                            String header = saved == null ? "" : saved.header();
                            if (saved != null && saved.file() != null) {
                              waveformFiles.add(saved.file());
                            }
                            event.header(RecognizerHeaders.WAVEFORM_URI, header);
                            if (!closed) {
                              r.connection.send(event.build());
                              requests.next(cause);
                            }
                          }
                        })
                    .run());
  }

  // ---------------------------------------------------------------- timers

  /** A scheduled task counted in {@link #pendingTimers} until it runs or is cancelled. */
  final class Timer {
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> future;

    void finish() {
      if (done.compareAndSet(false, true)) {
        pendingTimers.decrementAndGet();
      }
    }

    void cancel() {
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
      finish();
    }
  }

  static void cancel(Timer t) {
    if (t != null) {
      t.cancel();
    }
  }

  /**
   * Runs {@code task} once after {@code delayMillis}, under the lock, while {@code owner} is
   * active.
   */
  Timer schedule(Recognition owner, Runnable task, long delayMillis) {
    Timer t = new Timer();
    return start(
        t,
        () -> {
          t.finish();
          synchronized (lock) {
            if (active == owner && !closed) {
              task.run();
            }
          }
        },
        delayMillis,
        false);
  }

  /**
   * Runs {@code task} every {@code periodMillis}, under the lock, while {@code owner} is active.
   */
  Timer scheduleRepeating(Recognition owner, Runnable task, long periodMillis) {
    Timer t = new Timer();
    return start(
        t,
        () -> {
          synchronized (lock) {
            if (active == owner && !closed) {
              task.run();
            }
          }
        },
        periodMillis,
        true);
  }

  private Timer start(Timer t, Runnable body, long delayMillis, boolean repeat) {
    pendingTimers.incrementAndGet();
    try {
      Runnable run = inContext(body);
      t.future =
          repeat
              ? timers.scheduleWithFixedDelay(run, delayMillis, delayMillis, TimeUnit.MILLISECONDS)
              : timers.schedule(run, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
      return t;
    } catch (RejectedExecutionException e) {
      t.finish();
      log.warn("{}: timer refused (scheduler shut down?)", id);
      return null;
    }
  }

  // ---------------------------------------------------------------- teardown

  /** The client's connection dropped: a recognition reporting to it ends silently. */
  @Override
  public void connectionClosed(ControlConnection connection) {
    synchronized (lock) {
      if (active != null && active.connection == connection) {
        log.info("{}: connection dropped during RECOGNIZE {}", id, active.requestId());
        active.release();
        active = null;
        state = State.IDLE;
      }
      queue.removeIf(q -> q.connection() == connection);
    }
  }

  /**
   * Ends everything silently (BYE / session teardown): streams closed, timers cancelled, no events
   * sent, saved waveforms deleted unless kept. Idempotent, any thread, never blocks.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (active != null) {
        log.debug("{}: closed during RECOGNIZE {}", id, active.requestId());
        active.release();
        active = null;
      }
      resolving = null;
      queue.clear();
      grammars.clear();
      typeAhead.clear();
      if (support.waveforms() != null && !waveformFiles.isEmpty()) {
        support.waveforms().delete(List.copyOf(waveformFiles));
        waveformFiles.clear();
      }
    }
  }
}
