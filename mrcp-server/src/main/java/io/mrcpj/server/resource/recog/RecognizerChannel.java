package io.mrcpj.server.resource.recog;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.grammar.Phrase;
import io.mrcpj.core.media.EnergyVad;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.HeaderField;
import io.mrcpj.core.message.HeaderValueException;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.AudioSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One speechrecog channel of a session (RFC 6787 section 9): DEFINE-GRAMMAR, RECOGNIZE,
 * START-INPUT-TIMERS and STOP; caller audio comes in through {@link AudioSink}, is endpointed with
 * an {@link EnergyVad} and fed to one engine stream per RECOGNIZE.
 *
 * <p>Threads: requests arrive on a netty event loop, audio on an RTP event loop, engine results on
 * engine threads and timers on the given scheduler. All state is guarded by one lock per channel;
 * nothing inside it blocks (stream calls and {@link ControlConnection#send} only enqueue). Results
 * and timers of a recognition that was stopped or replaced are ignored (they compare the
 * recognition they belong to with the active one).
 */
public final class RecognizerChannel implements ResourceChannel, AudioSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecognizerChannel.class);

  /** Most grammars DEFINE-GRAMMAR (and inline RECOGNIZE grammars) may store on one channel. */
  static final int MAX_STORED_GRAMMARS = 256;

  /** Longest No-Input-Timeout / Recognition-Timeout accepted (1 hour). */
  static final long MAX_TIMEOUT_MILLIS = 3_600_000;

  /** Longest Speech-Complete-Timeout accepted (the endpointer's limit). */
  static final long MAX_SPEECH_COMPLETE_MILLIS = 60_000;

  /** Most N-best hypotheses asked of the engine. */
  static final int MAX_N_BEST = 20;

  /** How long the engine may take for its final result once input has ended. */
  static final long FINAL_RESULT_GRACE_MILLIS = 10_000;

  /** How often a recognition in speech checks whether audio stopped arriving. */
  static final long AUDIO_GAP_CHECK_MILLIS = 50;

  private final ChannelId id;
  private final RecognitionEngine engine;
  private final ScheduledExecutorService timers;
  private final RecognizerDefaults defaults;

  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<String, Grammars.Compiled> grammars = new LinkedHashMap<>();
  private Recognition active;
  private boolean closed;

  // Leak counters (tests and metrics).
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger pendingTimers = new AtomicInteger();

  /**
   * @param id this channel's Channel-Identifier
   * @param engine the shared engine; one stream is opened per RECOGNIZE
   * @param timers where the channel's timers run (owned by the caller)
   * @param defaults values for headers a RECOGNIZE leaves out
   */
  public RecognizerChannel(
      ChannelId id,
      RecognitionEngine engine,
      ScheduledExecutorService timers,
      RecognizerDefaults defaults) {
    this.id = Objects.requireNonNull(id, "id");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
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
      return active != null;
    }
  }

  /** Engine streams this channel opened and has not closed yet. */
  int openStreams() {
    return openStreams.get();
  }

  /** Timers scheduled by this channel that have neither run nor been cancelled. */
  int pendingTimers() {
    return pendingTimers.get();
  }

  // ---------------------------------------------------------------- requests

  @Override
  public void onRequest(MrcpRequest request, ControlConnection connection) {
    try {
      MrcpMethod m = request.method();
      if (m.equals(MrcpMethod.RECOGNIZE)) {
        recognize(request, connection);
      } else if (m.equals(MrcpMethod.DEFINE_GRAMMAR)) {
        defineGrammar(request, connection);
      } else if (m.equals(MrcpMethod.STOP)) {
        stop(request, connection);
      } else if (m.equals(MrcpMethod.START_INPUT_TIMERS)) {
        startInputTimers(request, connection);
      } else {
        // RFC 6787 5.4: 401 "method not allowed" - the resource does not offer this method
        // (GET-RESULT, INTERPRET, SET-PARAMS, GET-PARAMS, enrollment... are not implemented yet).
        log.debug("{}: {} is not implemented", id, m.name());
        connection.send(
            MrcpResponse.to(request, StatusCode.METHOD_NOT_ALLOWED, RequestState.COMPLETE)
                .header(RecognizerHeaders.COMPLETION_REASON, "method not implemented: " + m.name())
                .build());
      }
    } catch (RuntimeException e) {
      log.error("{}: {} {} failed", id, request.method().name(), request.requestId(), e);
      connection.send(
          MrcpResponse.to(request, StatusCode.SERVER_INTERNAL_ERROR, RequestState.COMPLETE)
              .header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(e.toString()))
              .build());
    }
  }

  private void defineGrammar(MrcpRequest request, ControlConnection connection) {
    Optional<String> contentId =
        request.headers().get(GenericHeaders.CONTENT_ID.name()).map(Grammars::stripAngles);
    if (contentId.isEmpty() || contentId.get().isEmpty()) {
      log.info("{}: DEFINE-GRAMMAR {} without Content-ID", id, request.requestId());
      connection.send(
          failure(
              request,
              new Grammars.Failure(
                  StatusCode.MANDATORY_HEADER_MISSING,
                  RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
                  "DEFINE-GRAMMAR needs a Content-ID")));
      return;
    }
    Grammars.Compiled compiled;
    try {
      String type = request.contentType().orElse("");
      if (!request.hasBody()) {
        throw new Grammars.Failure(
            StatusCode.MANDATORY_HEADER_MISSING,
            RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
            "DEFINE-GRAMMAR needs a grammar body");
      }
      if (!Grammars.isInline(type)) {
        throw unsupportedType(type);
      }
      compiled = Grammars.compileInline(type, request.body(), "session:" + contentId.get());
    } catch (Grammars.Failure f) {
      log.info("{}: DEFINE-GRAMMAR {} refused: {}", id, request.requestId(), f.getMessage());
      connection.send(failure(request, f));
      return;
    }
    synchronized (lock) {
      if (active != null) {
        connection.send(notInState(request));
        return;
      }
      try {
        store(contentId.get(), compiled);
      } catch (Grammars.Failure f) {
        connection.send(failure(request, f));
        return;
      }
      connection.send(
          MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE)
              .header(
                  RecognizerHeaders.COMPLETION_CAUSE,
                  RecognizerCompletionCause.SUCCESS.toHeaderValue())
              .build());
    }
    log.debug("{}: grammar {} defined", id, contentId.get());
  }

  private void store(String contentId, Grammars.Compiled compiled) throws Grammars.Failure {
    if (!grammars.containsKey(contentId) && grammars.size() >= MAX_STORED_GRAMMARS) {
      throw new Grammars.Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
          "more than " + MAX_STORED_GRAMMARS + " grammars defined on this channel");
    }
    grammars.put(contentId, compiled);
  }

  /** What a RECOGNIZE asked for, read before the lock is taken. */
  private record Params(
      String language,
      long noInputMillis,
      long recognitionMillis,
      long speechCompleteMillis,
      boolean startInputTimers,
      float threshold,
      int nBest) {}

  private Params params(MrcpRequest request) throws Grammars.Failure {
    var h = request.headers();
    String language =
        h.get(RecognizerHeaders.SPEECH_LANGUAGE)
            .filter(s -> !s.isBlank())
            .orElse(defaults.language());
    long noInput =
        timeout(
            request,
            RecognizerHeaders.NO_INPUT_TIMEOUT,
            defaults.noInputTimeoutMillis(),
            MAX_TIMEOUT_MILLIS);
    long recognition =
        timeout(
            request,
            RecognizerHeaders.RECOGNITION_TIMEOUT,
            defaults.recognitionTimeoutMillis(),
            MAX_TIMEOUT_MILLIS);
    long speechComplete =
        timeout(
            request,
            RecognizerHeaders.SPEECH_COMPLETE_TIMEOUT,
            defaults.speechCompleteTimeoutMillis(),
            MAX_SPEECH_COMPLETE_MILLIS);
    boolean startTimers = h.get(RecognizerHeaders.START_INPUT_TIMERS).orElse(Boolean.TRUE);
    float threshold =
        h.get(RecognizerHeaders.CONFIDENCE_THRESHOLD)
            .orElse((float) defaults.confidenceThreshold());
    long nBest = h.get(RecognizerHeaders.N_BEST_LIST_LENGTH).orElse((long) defaults.nBest());
    if (nBest < 1) {
      throw new Grammars.Failure(
          StatusCode.ILLEGAL_HEADER_VALUE,
          null,
          RecognizerHeaders.N_BEST_LIST_LENGTH.name() + " must be at least 1");
    }
    return new Params(
        language,
        noInput,
        recognition,
        speechComplete,
        startTimers,
        threshold,
        (int) Math.min(nBest, MAX_N_BEST));
  }

  private static long timeout(MrcpRequest request, HeaderField<Long> field, long dflt, long max)
      throws Grammars.Failure {
    long v = request.headers().get(field).orElse(dflt);
    if (v > max) {
      throw new Grammars.Failure(
          StatusCode.UNSUPPORTED_HEADER_VALUE, null, field.name() + " above " + max + " ms");
    }
    return v;
  }

  /** Grammars of a RECOGNIZE; session: references are resolved later, under the lock. */
  private record Wanted(Grammars.Compiled inline, String inlineId, List<String> uris) {}

  private Wanted wanted(MrcpRequest request) throws Grammars.Failure {
    if (!request.hasBody()) {
      return new Wanted(null, null, List.of());
    }
    String type = request.contentType().orElse("");
    if (Grammars.isInline(type)) {
      String cid =
          request
              .headers()
              .get(GenericHeaders.CONTENT_ID.name())
              .map(Grammars::stripAngles)
              .filter(s -> !s.isEmpty())
              .orElse(null);
      Grammars.Compiled c =
          Grammars.compileInline(type, request.body(), cid == null ? null : "session:" + cid);
      return new Wanted(c, cid, List.of());
    }
    if (Grammars.URI_LIST.equals(type)) {
      return new Wanted(null, null, Grammars.uris(request.bodyAsString()));
    }
    throw unsupportedType(type);
  }

  private static Grammars.Failure unsupportedType(String type) {
    return new Grammars.Failure(
        StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
        RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
        "unsupported grammar content type: " + (type.isEmpty() ? "(none)" : type));
  }

  private void recognize(MrcpRequest request, ControlConnection connection) {
    Params p;
    Wanted wanted;
    try {
      p = params(request);
      wanted = wanted(request);
    } catch (HeaderValueException e) {
      log.info("{}: RECOGNIZE {}: {}", id, request.requestId(), e.getMessage());
      connection.send(
          MrcpResponse.to(request, StatusCode.ILLEGAL_HEADER_VALUE, RequestState.COMPLETE)
              .header(e.headerName(), Grammars.oneLine(e.value()))
              .build());
      return;
    } catch (Grammars.Failure f) {
      log.info("{}: RECOGNIZE {} refused: {}", id, request.requestId(), f.getMessage());
      connection.send(failure(request, f));
      return;
    }
    synchronized (lock) {
      if (closed) {
        connection.send(
            MrcpResponse.to(request, StatusCode.RESOURCE_NOT_ALLOCATED, RequestState.COMPLETE)
                .build());
        return;
      }
      if (active != null) {
        connection.send(notInState(request));
        return;
      }
      List<Grammars.Compiled> use;
      try {
        use = resolve(wanted);
      } catch (Grammars.Failure f) {
        log.info("{}: RECOGNIZE {} refused: {}", id, request.requestId(), f.getMessage());
        connection.send(failure(request, f));
        return;
      }
      if (use.isEmpty()) {
        log.info("{}: RECOGNIZE {} without any grammar", id, request.requestId());
        connection.send(
            failure(
                request,
                new Grammars.Failure(
                    StatusCode.MANDATORY_HEADER_MISSING,
                    RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
                    "RECOGNIZE needs a grammar")));
        return;
      }
      Recognition r = new Recognition(request, connection, p, use);
      StreamRequest sr =
          new StreamRequest(
              p.language(), r.transcribe ? List.of() : r.phraseTexts(), p.nBest(), Map.of());
      try {
        r.stream = engine.open(sr, r);
        openStreams.incrementAndGet();
      } catch (EngineException e) {
        RecognizerCompletionCause cause =
            e.kind() == EngineException.Kind.LANGUAGE_UNSUPPORTED
                ? RecognizerCompletionCause.LANGUAGE_UNSUPPORTED
                : RecognizerCompletionCause.RECOGNIZER_ERROR;
        log.info("{}: RECOGNIZE {}: engine refused: {}", id, request.requestId(), e.getMessage());
        connection.send(
            failure(
                request,
                new Grammars.Failure(
                    StatusCode.METHOD_OR_OPERATION_FAILED, cause, e.getMessage())));
        return;
      }
      // Inline grammars with a Content-ID stay available to later session: references.
      if (wanted.inlineId() != null) {
        try {
          store(wanted.inlineId(), wanted.inline());
        } catch (Grammars.Failure f) {
          log.debug("{}: inline grammar {} not stored: {}", id, wanted.inlineId(), f.getMessage());
        }
      }
      active = r;
      connection.send(
          MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build());
      if (p.startInputTimers()) {
        r.startNoInputTimer();
      }
      log.debug(
          "{}: RECOGNIZE {} started ({}, {} grammar(s))",
          id,
          request.requestId(),
          r.transcribe ? "transcription" : r.phraseTexts().size() + " phrases",
          use.size());
    }
  }

  /** Resolves the grammars of a RECOGNIZE. Called under the lock (reads stored grammars). */
  private List<Grammars.Compiled> resolve(Wanted wanted) throws Grammars.Failure {
    List<Grammars.Compiled> out = new ArrayList<>();
    if (wanted.inline() != null) {
      out.add(wanted.inline());
    }
    for (String uri : wanted.uris()) {
      Optional<String> session = Grammars.sessionId(uri);
      if (session.isPresent()) {
        Grammars.Compiled g = grammars.get(session.get());
        if (g == null) {
          throw new Grammars.Failure(
              StatusCode.METHOD_OR_OPERATION_FAILED,
              RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
              "no grammar defined as " + Grammars.oneLine(uri));
        }
        out.add(g);
      } else if (Grammars.isBuiltin(uri)) {
        out.add(Grammars.builtin(uri));
      } else {
        throw new Grammars.Failure(
            StatusCode.METHOD_OR_OPERATION_FAILED,
            RecognizerCompletionCause.URI_FAILURE,
            "not supported yet: " + Grammars.oneLine(uri));
      }
    }
    return out;
  }

  private void stop(MrcpRequest request, ControlConnection connection) {
    synchronized (lock) {
      MrcpResponse.Builder b = MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE);
      if (active != null) {
        b.header(GenericHeaders.ACTIVE_REQUEST_ID_LIST, List.of(active.request.requestId()));
        log.debug("{}: STOP ends RECOGNIZE {}", id, active.request.requestId());
        endActive();
      }
      connection.send(b.build());
    }
  }

  private void startInputTimers(MrcpRequest request, ControlConnection connection) {
    synchronized (lock) {
      if (active != null && !active.timersStarted && !active.speech) {
        active.startNoInputTimer();
      }
      connection.send(MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE).build());
    }
  }

  private static MrcpResponse notInState(MrcpRequest request) {
    return MrcpResponse.to(request, StatusCode.METHOD_NOT_VALID_IN_STATE, RequestState.COMPLETE)
        .build();
  }

  private static MrcpResponse failure(MrcpRequest request, Grammars.Failure f) {
    MrcpResponse.Builder b = MrcpResponse.to(request, f.status, RequestState.COMPLETE);
    if (f.cause != null) {
      b.header(RecognizerHeaders.COMPLETION_CAUSE, f.cause.toHeaderValue());
    }
    return b.header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(f.getMessage())).build();
  }

  // ---------------------------------------------------------------- audio

  @Override
  public void onAudio(short[] pcm, int offset, int length) {
    synchronized (lock) {
      Recognition r = active;
      if (r != null) {
        r.audio(pcm, offset, length);
      }
    }
  }

  @Override
  public void onDtmf(char digit) {
    log.debug("{}: DTMF {} ignored (speechrecog does not take DTMF yet)", id, digit);
  }

  // ---------------------------------------------------------------- teardown

  /** The client's connection dropped: a recognition reporting to it ends silently. */
  @Override
  public void connectionClosed(ControlConnection connection) {
    synchronized (lock) {
      if (active != null && active.connection == connection) {
        log.info("{}: connection dropped during RECOGNIZE {}", id, active.request.requestId());
        endActive();
      }
    }
  }

  /**
   * Ends everything silently (BYE / session teardown): stream closed, timers cancelled, no events
   * sent. Idempotent, any thread, never blocks.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (active != null) {
        log.debug("{}: closed during RECOGNIZE {}", id, active.request.requestId());
        endActive();
      }
      grammars.clear();
    }
  }

  /** Releases the active recognition's stream and timers. Under the lock. */
  private void endActive() {
    Recognition r = active;
    active = null;
    r.release();
  }

  // ---------------------------------------------------------------- timers

  /** A scheduled task counted in {@link #pendingTimers} until it runs or is cancelled. */
  private final class Timer {
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

  /** Schedules {@code task}; null when the scheduler refuses (shutting down). */
  private Timer schedule(Runnable task, long delayMillis, boolean repeat) {
    Timer t = new Timer();
    pendingTimers.incrementAndGet();
    try {
      if (repeat) {
        t.future =
            timers.scheduleWithFixedDelay(task, delayMillis, delayMillis, TimeUnit.MILLISECONDS);
      } else {
        t.future =
            timers.schedule(
                () -> {
                  t.finish();
                  task.run();
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
      }
      return t;
    } catch (RejectedExecutionException e) {
      t.finish();
      log.warn("{}: timer refused (scheduler shut down?)", id);
      return null;
    }
  }

  private static void cancel(Timer t) {
    if (t != null) {
      t.cancel();
    }
  }

  // ---------------------------------------------------------------- one recognition

  /**
   * One RECOGNIZE from IN-PROGRESS to its end. Every field is guarded by the channel's lock; engine
   * callbacks and timers act only while {@code active == this}.
   */
  private final class Recognition implements RecognitionListener {
    final MrcpRequest request;
    final ControlConnection connection;
    final Params params;
    final List<Grammars.Compiled> grammars;
    final boolean transcribe;
    final EnergyVad vad;
    RecognitionStream stream;
    boolean timersStarted;
    boolean speech;
    boolean inputEnded;
    boolean maxtime;
    long lastAudioNanos;
    Timer noInput;
    Timer maxTime;
    Timer audioGap;
    Timer finalWait;

    Recognition(
        MrcpRequest request,
        ControlConnection connection,
        Params params,
        List<Grammars.Compiled> grammars) {
      this.request = request;
      this.connection = connection;
      this.params = params;
      this.grammars = List.copyOf(grammars);
      this.transcribe = grammars.stream().anyMatch(Grammars.Compiled::transcribe);
      this.vad =
          new EnergyVad(
              engine.sampleRate(),
              EnergyVad.Config.builder()
                  .silenceMillis((int) params.speechCompleteMillis())
                  .build());
    }

    /** The union of the grammars' phrase texts (no grammar may be transcription). */
    List<String> phraseTexts() {
      Set<String> out = new LinkedHashSet<>();
      for (Grammars.Compiled g : grammars) {
        for (Phrase p : g.phrases().phrases()) {
          if (!p.text().isBlank()) {
            out.add(p.text());
          }
        }
      }
      return List.copyOf(out);
    }

    /** The first grammar's name, for the NLSML result. */
    String grammarName() {
      return grammars.get(0).name();
    }

    void startNoInputTimer() {
      timersStarted = true;
      noInput = schedule(this::noInputTimeout, params.noInputMillis(), false);
    }

    void audio(short[] pcm, int offset, int length) {
      if (inputEnded) {
        return;
      }
      lastAudioNanos = System.nanoTime();
      stream.feed(pcm, offset, length);
      // 20 ms steps, so a large chunk is judged like the frames RTP delivers.
      int frame = Math.max(1, engine.sampleRate() / 50);
      for (int off = 0; off < length && !inputEnded; off += frame) {
        EnergyVad.Event e = vad.process(pcm, offset + off, Math.min(frame, length - off));
        if (e == EnergyVad.Event.START_OF_SPEECH && !speech) {
          startOfSpeech();
        } else if (e == EnergyVad.Event.END_OF_SPEECH && speech) {
          log.debug("{}: end of speech after {} ms of silence", id, params.speechCompleteMillis());
          endInput();
        }
      }
    }

    private void startOfSpeech() {
      speech = true;
      cancel(noInput);
      noInput = null;
      connection.send(
          MrcpEvent.builder()
              .name(MrcpEventName.START_OF_INPUT)
              .requestId(request.requestId())
              .state(RequestState.IN_PROGRESS)
              .channelId(id)
              .header(RecognizerHeaders.INPUT_TYPE, "speech")
              .build());
      maxTime = schedule(this::recognitionTimeout, params.recognitionMillis(), false);
      long check = Math.max(10, Math.min(AUDIO_GAP_CHECK_MILLIS, params.speechCompleteMillis()));
      audioGap = schedule(this::checkAudioGap, check, true);
    }

    /** No more audio goes to the engine; its final result completes the RECOGNIZE. */
    private void endInput() {
      inputEnded = true;
      cancel(audioGap);
      audioGap = null;
      stream.endOfInput();
      finalWait = schedule(this::finalMissing, FINAL_RESULT_GRACE_MILLIS, false);
    }

    private void noInputTimeout() {
      synchronized (lock) {
        if (active != this || speech) {
          return;
        }
        log.debug("{}: RECOGNIZE {} no-input timeout", id, request.requestId());
        complete(
            RecognizerCompletionCause.NO_INPUT_TIMEOUT,
            null,
            NlsmlResult.noInput(grammarName(), InputMode.SPEECH));
      }
    }

    private void recognitionTimeout() {
      synchronized (lock) {
        if (active != this || inputEnded) {
          return;
        }
        log.debug("{}: RECOGNIZE {} reached Recognition-Timeout", id, request.requestId());
        maxtime = true;
        endInput();
      }
    }

    private void checkAudioGap() {
      synchronized (lock) {
        if (active != this || inputEnded || !speech) {
          return;
        }
        long silentNanos = System.nanoTime() - lastAudioNanos;
        if (silentNanos >= TimeUnit.MILLISECONDS.toNanos(params.speechCompleteMillis())) {
          log.debug("{}: no audio for {} ms in speech: end of input", id, silentNanos / 1_000_000);
          endInput();
        }
      }
    }

    private void finalMissing() {
      synchronized (lock) {
        if (active != this) {
          return;
        }
        log.warn(
            "{}: engine gave no result {} ms after end of input", id, FINAL_RESULT_GRACE_MILLIS);
        complete(RecognizerCompletionCause.RECOGNIZER_ERROR, "no result from the engine", null);
      }
    }

    @Override
    public void onFinal(List<Hypothesis> nBest) {
      synchronized (lock) {
        if (active != this) {
          return;
        }
        List<Interpretation> matches = new ArrayList<>();
        for (Hypothesis h : nBest) {
          if (matches.size() == params.nBest()) {
            break;
          }
          if (h.confidence() < params.threshold() || h.text().isBlank()) {
            continue;
          }
          interpret(h).ifPresent(matches::add);
        }
        String heard = nBest.isEmpty() ? "" : nBest.get(0).text();
        if (matches.isEmpty()) {
          complete(
              maxtime
                  ? RecognizerCompletionCause.NO_MATCH_MAXTIME
                  : RecognizerCompletionCause.NO_MATCH,
              null,
              NlsmlResult.noMatch(grammarName(), heard, InputMode.SPEECH));
        } else {
          complete(
              maxtime
                  ? RecognizerCompletionCause.SUCCESS_MAXTIME
                  : RecognizerCompletionCause.SUCCESS,
              null,
              new NlsmlResult(grammarName(), matches));
        }
      }
    }

    /** The interpretation of a hypothesis: a grammar phrase it matches, or the words heard. */
    private Optional<Interpretation> interpret(Hypothesis h) {
      for (Grammars.Compiled g : grammars) {
        if (g.transcribe()) {
          return Optional.of(
              Interpretation.of(g.name(), h.confidence(), h.text(), h.text(), InputMode.SPEECH));
        }
        Optional<Phrase> p = g.phrases().match(h.text());
        if (p.isPresent()) {
          return Optional.of(
              Interpretation.of(
                  g.name(), h.confidence(), p.get().semantic(), h.text(), InputMode.SPEECH));
        }
      }
      return Optional.empty();
    }

    @Override
    public void onError(EngineException error) {
      synchronized (lock) {
        if (active != this) {
          return;
        }
        log.warn("{}: RECOGNIZE {} engine error: {}", id, request.requestId(), error.getMessage());
        complete(RecognizerCompletionCause.RECOGNIZER_ERROR, error.getMessage(), null);
      }
    }

    /** Sends RECOGNITION-COMPLETE and makes the channel idle. Under the lock, active == this. */
    private void complete(RecognizerCompletionCause cause, String reason, NlsmlResult result) {
      endActive();
      MrcpEvent.Builder b =
          MrcpEvent.builder()
              .name(MrcpEventName.RECOGNITION_COMPLETE)
              .requestId(request.requestId())
              .state(RequestState.COMPLETE)
              .channelId(id)
              .header(RecognizerHeaders.COMPLETION_CAUSE, cause.toHeaderValue());
      if (reason != null) {
        b.header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(reason));
      }
      if (result != null) {
        b.body(NlsmlResult.CONTENT_TYPE, NlsmlWriter.write(result));
      }
      connection.send(b.build());
      log.debug("{}: RECOGNIZE {} complete: {}", id, request.requestId(), cause.toHeaderValue());
    }

    /** Closes the stream and cancels every timer. Under the lock; once. */
    void release() {
      cancel(noInput);
      cancel(maxTime);
      cancel(audioGap);
      cancel(finalWait);
      noInput = maxTime = audioGap = finalWait = null;
      if (stream != null) {
        stream.close();
        stream = null;
        openStreams.decrementAndGet();
      }
    }
  }
}
