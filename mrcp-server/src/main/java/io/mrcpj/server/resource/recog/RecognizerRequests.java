package io.mrcpj.server.resource.recog;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.server.control.ResourceChannel.ControlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request side of a {@link RecognizerChannel} (RFC 6787 sections 9.8-9.13): DEFINE-GRAMMAR,
 * RECOGNIZE (with its queue), START-INPUT-TIMERS and STOP, and the grammar resolution they share
 * with INTERPRET; {@link RecognizerQueries} answers SET-PARAMS, GET-PARAMS, GET-RESULT and
 * INTERPRET. Works on the channel's state under its lock.
 */
final class RecognizerRequests {

  private static final Logger log = LoggerFactory.getLogger(RecognizerRequests.class);

  /** A RECOGNIZE waiting in the queue (it was answered PENDING). */
  record Queued(
      MrcpRequest request,
      ControlConnection connection,
      RecognizerParams params,
      Recognition.Options options,
      Grammars.Body body) {}

  /** The last completed recognition, for GET-RESULT (section 9.11). */
  record LastResult(
      Recognition recognition,
      RecognizerCompletionCause cause,
      NlsmlResult result,
      List<Hypothesis> nBest) {}

  private final RecognizerChannel ch;
  private final RecognizerQueries queries;

  RecognizerRequests(RecognizerChannel channel) {
    this.ch = channel;
    this.queries = new RecognizerQueries(channel, this);
  }

  void handle(MrcpRequest request, ControlConnection connection) {
    MrcpMethod m = request.method();
    if (m.equals(MrcpMethod.RECOGNIZE)) {
      recognize(request, connection);
    } else if (m.equals(MrcpMethod.DEFINE_GRAMMAR)) {
      defineGrammar(request, connection);
    } else if (m.equals(MrcpMethod.STOP)) {
      stop(request, connection);
    } else if (m.equals(MrcpMethod.START_INPUT_TIMERS)) {
      startInputTimers(request, connection);
    } else if (m.equals(MrcpMethod.SET_PARAMS)) {
      queries.setParams(request, connection);
    } else if (m.equals(MrcpMethod.GET_PARAMS)) {
      queries.getParams(request, connection);
    } else if (m.equals(MrcpMethod.GET_RESULT)) {
      queries.getResult(request, connection);
    } else if (m.equals(MrcpMethod.INTERPRET)) {
      queries.interpret(request, connection);
    } else {
      // section 5.4: 401 "method not allowed" - this resource does not offer the method
      // (the enrollment methods of section 9.15-9.19)
      log.debug("{}: {} is not supported", ch.id, m.name());
      connection.send(
          MrcpResponse.to(request, StatusCode.METHOD_NOT_ALLOWED, RequestState.COMPLETE)
              .header(RecognizerHeaders.COMPLETION_REASON, "method not supported: " + m.name())
              .build());
    }
  }

  // ---------------------------------------------------------------- DEFINE-GRAMMAR

  private void defineGrammar(MrcpRequest request, ControlConnection connection) {
    Optional<String> cid =
        request.headers().get(GenericHeaders.CONTENT_ID.name()).map(Grammars::stripAngles);
    if (cid.isEmpty() || cid.get().isEmpty()) {
      log.info("{}: DEFINE-GRAMMAR {} without Content-ID", ch.id, request.requestId());
      connection.send(
          failure(
              request,
              new Grammars.Failure(
                  StatusCode.MANDATORY_HEADER_MISSING,
                  RecognizerCompletionCause.GRAMMAR_DEFINITION_FAILURE,
                  "DEFINE-GRAMMAR needs a Content-ID")));
      return;
    }
    Grammars.Body body;
    try {
      body = Grammars.body(request);
    } catch (Grammars.Failure f) {
      log.info(
          "{}: DEFINE-GRAMMAR {} refused: {}",
          ch.id,
          request.requestId(),
          ch.shown(f.getMessage()));
      connection.send(failure(request, f));
      return;
    }
    synchronized (ch.lock) {
      if (ch.busy()) {
        connection.send(notInState(request)); // section 9.8: not while recognizing
        return;
      }
      if (body.items().isEmpty()) {
        ch.grammars.remove(cid.get()); // an empty body clears the binding (section 9.5.1)
        defined(request, connection);
        return;
      }
      whenResolved(
          body.items(),
          request,
          connection,
          list -> {
            List<ActiveGrammar> named = new ArrayList<>();
            for (ActiveGrammar g : list) {
              named.add(g.name() == null ? g.as("session:" + cid.get(), g.weight()) : g);
            }
            try {
              store(cid.get(), named);
            } catch (Grammars.Failure f) {
              connection.send(failure(request, f));
              return;
            }
            defined(request, connection);
          });
    }
  }

  private void defined(MrcpRequest request, ControlConnection connection) {
    if (ch.state == RecognizerChannel.State.RECOGNIZED) {
      ch.state = RecognizerChannel.State.IDLE; // section 9.1
      ch.last = null;
    }
    connection.send(
        MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE)
            .header(
                RecognizerHeaders.COMPLETION_CAUSE,
                RecognizerCompletionCause.SUCCESS.toHeaderValue())
            .build());
  }

  /** Stores grammars under a Content-ID. Under the lock. */
  private void store(String contentId, List<ActiveGrammar> list) throws Grammars.Failure {
    if (!ch.grammars.containsKey(contentId)
        && ch.grammars.size() >= RecognizerChannel.MAX_STORED_GRAMMARS) {
      throw new Grammars.Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_DEFINITION_FAILURE,
          "more than "
              + RecognizerChannel.MAX_STORED_GRAMMARS
              + " grammars defined on this channel");
    }
    ch.grammars.put(contentId, List.copyOf(list));
  }

  // ---------------------------------------------------------------- RECOGNIZE

  private void recognize(MrcpRequest request, ControlConnection connection) {
    RecognizerParams p;
    Recognition.Options options;
    Grammars.Body body;
    synchronized (ch.lock) {
      try {
        p = requestParams(request);
        options = options(request);
      } catch (Rejection r) {
        log.info("{}: RECOGNIZE {} refused: {}", ch.id, request.requestId(), r.getMessage());
        connection.send(r.answer(request, true));
        return;
      }
    }
    try {
      body = Grammars.body(request);
    } catch (Grammars.Failure f) {
      log.info(
          "{}: RECOGNIZE {} refused: {}", ch.id, request.requestId(), ch.shown(f.getMessage()));
      connection.send(failure(request, f));
      return;
    }
    synchronized (ch.lock) {
      if (ch.closed) {
        connection.send(
            MrcpResponse.to(request, StatusCode.RESOURCE_NOT_ALLOCATED, RequestState.COMPLETE)
                .build());
        return;
      }
      Queued q = new Queued(request, connection, p, options, body);
      if (ch.busy()) {
        Recognition running = ch.active;
        if (running != null && running.options.cancelIfQueue() && !ch.completing) {
          // section 9.4.27: the running RECOGNIZE gives way to the new one
          running.release();
          ch.finished(
              running,
              RecognizerCompletionCause.CANCELLED,
              null,
              "a new RECOGNIZE cancelled this one",
              List.of());
          // finished() may have started a queued one; this one queues behind it then
        }
        if (ch.busy()) {
          if (ch.queue.size() >= RecognizerChannel.MAX_QUEUED) {
            connection.send(
                failure(
                    request,
                    new Grammars.Failure(
                        StatusCode.METHOD_OR_OPERATION_FAILED,
                        RecognizerCompletionCause.CANCELLED,
                        "more than "
                            + RecognizerChannel.MAX_QUEUED
                            + " RECOGNIZE requests queued")));
            return;
          }
          ch.queue.addLast(q);
          connection.send(
              MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.PENDING).build());
          return;
        }
      }
      begin(q, false);
    }
  }

  /** Request-level parameters: the session's with this request's headers applied. */
  private RecognizerParams requestParams(MrcpRequest request) throws Rejection {
    Rejection.Builder problems = new Rejection.Builder();
    for (MrcpHeaders.Header h : request.headers().all()) {
      if (RecognizerParams.UNSUPPORTED.contains(h.name().toLowerCase(Locale.ROOT))) {
        problems.add(StatusCode.UNSUPPORTED_HEADER, h, "not supported by this recognizer");
      }
    }
    RecognizerParams p = ch.params;
    try {
      // a language no engine has is the engine's 407 + 010 on RECOGNIZE, not a 409
      p = ch.params.with(request.headers(), language -> true);
    } catch (Rejection r) {
      for (MrcpHeaders.Header h : r.echoed) {
        problems.add(r.status, h, r.getMessage());
      }
    }
    problems.throwIfAny();
    return p;
  }

  private static Recognition.Options options(MrcpRequest request) throws Rejection {
    Rejection.Builder problems = new Rejection.Builder();
    boolean timers = bool(request, "Start-Input-Timers", true, problems);
    boolean cancel = bool(request, "Cancel-If-Queue", false, problems);
    boolean early = bool(request, "Early-No-Match", false, problems);
    boolean clear = bool(request, "Clear-DTMF-Buffer", false, problems);
    bool(request, "New-Audio-Channel", false, problems); // each recognition starts afresh anyway
    boolean hotword = false;
    for (MrcpHeaders.Header h : request.headers().all()) {
      if (h.name().equalsIgnoreCase("Recognition-Mode")) {
        String v = h.value().trim().toLowerCase(Locale.ROOT);
        if (v.equals("hotword")) {
          hotword = true;
        } else if (!v.equals("normal")) {
          problems.add(StatusCode.ILLEGAL_HEADER_VALUE, h, "must be normal or hotword");
        }
      }
    }
    problems.throwIfAny();
    return new Recognition.Options(timers, cancel, hotword, early, clear);
  }

  private static boolean bool(
      MrcpRequest request, String name, boolean dflt, Rejection.Builder problems) {
    for (MrcpHeaders.Header h : request.headers().all()) {
      if (h.name().equalsIgnoreCase(name)) {
        String v = h.value().trim();
        if (v.equalsIgnoreCase("true")) {
          return true;
        }
        if (v.equalsIgnoreCase("false")) {
          return false;
        }
        problems.add(StatusCode.ILLEGAL_HEADER_VALUE, h, "not true or false");
      }
    }
    return dflt;
  }

  /**
   * Resolves a RECOGNIZE's grammars (fetching if needed) and starts it. {@code answered}: a queued
   * RECOGNIZE already got its PENDING response, so its failures are events, not responses. Under
   * the lock.
   */
  private void begin(Queued q, boolean answered) {
    CompletableFuture<List<ActiveGrammar>> resolved =
        resolve(q.body().items(), q.params().millis(RecognizerParams.FETCH_TIMEOUT));
    if (resolved.isDone()) {
      Throwable err = error(resolved);
      started(q, answered, err == null ? resolved.join() : null, err);
      return;
    }
    ch.resolving = q;
    ch.state = RecognizerChannel.State.RECOGNIZING;
    resolved.whenComplete(
        (list, err) ->
            ch.inContext(
                    () -> {
                      synchronized (ch.lock) {
                        if (ch.resolving != q || ch.closed) {
                          return; // stopped while fetching
                        }
                        ch.resolving = null;
                        started(q, answered, list, err);
                      }
                    })
                .run());
  }

  private static Throwable error(CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }

  private void started(Queued q, boolean answered, List<ActiveGrammar> list, Throwable err) {
    MrcpRequest request = q.request();
    if (err != null) {
      refuse(q, answered, asFailure(err));
      return;
    }
    if (list.isEmpty()) {
      refuse(
          q,
          answered,
          new Grammars.Failure(
              StatusCode.MANDATORY_HEADER_MISSING,
              RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
              "RECOGNIZE needs a grammar"));
      return;
    }
    // inline grammars with a Content-ID stay available to later session: references
    for (Grammars.Item item : q.body().items()) {
      if (item instanceof Grammars.Inline in && in.contentId() != null) {
        try {
          store(in.contentId(), List.of(in.grammar()));
        } catch (Grammars.Failure f) {
          log.debug(
              "{}: inline grammar {} not stored: {}",
              ch.id,
              in.contentId(),
              ch.shown(f.getMessage()));
        }
      }
    }
    Recognition r = new Recognition(ch, request, q.connection(), q.params(), q.options(), list);
    try {
      r.open();
    } catch (EngineException e) {
      r.release();
      RecognizerCompletionCause cause =
          e.kind() == EngineException.Kind.LANGUAGE_UNSUPPORTED
              ? RecognizerCompletionCause.LANGUAGE_UNSUPPORTED
              : RecognizerCompletionCause.RECOGNIZER_ERROR;
      refuse(
          q,
          answered,
          new Grammars.Failure(StatusCode.METHOD_OR_OPERATION_FAILED, cause, e.getMessage()));
      return;
    }
    ch.active = r;
    ch.state = RecognizerChannel.State.RECOGNIZING;
    ch.last = null;
    if (!answered) {
      q.connection()
          .send(MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build());
    }
    String keys =
        ch.takeTypeAhead(
            q.params().millis(RecognizerParams.DTMF_BUFFER_TIME), q.options().clearDtmfBuffer());
    r.go(keys, ch.support.defaults().startInputTimersFallbackMillis());
    log.debug("{}: RECOGNIZE {} started, {} grammar(s)", ch.id, request.requestId(), list.size());
  }

  /** A RECOGNIZE that cannot run: a response, or (when it was queued) its completion event. */
  private void refuse(Queued q, boolean answered, Grammars.Failure f) {
    log.info("{}: RECOGNIZE {} refused: {}", ch.id, q.request().requestId(), f.getMessage());
    if (ch.state == RecognizerChannel.State.RECOGNIZING && ch.active == null) {
      ch.state = RecognizerChannel.State.IDLE;
    }
    if (!answered) {
      q.connection().send(failure(q.request(), f));
    } else {
      MrcpEvent.Builder e =
          MrcpEvent.builder()
              .name(MrcpEventName.RECOGNITION_COMPLETE)
              .requestId(q.request().requestId())
              .state(RequestState.COMPLETE)
              .channelId(ch.id)
              .header(RecognizerHeaders.COMPLETION_CAUSE, f.cause.toHeaderValue())
              .header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(f.getMessage()));
      q.connection().send(e.build());
    }
    next(RecognizerCompletionCause.SUCCESS); // the next queued one may still run
  }

  /**
   * After a recognition ended (section 9.4.27): on success the next queued RECOGNIZE starts; on any
   * other outcome every queued one completes with 011 cancelled. Under the lock.
   */
  void next(RecognizerCompletionCause cause) {
    if (ch.closed || ch.busy() || ch.queue.isEmpty()) {
      return;
    }
    boolean success =
        cause == RecognizerCompletionCause.SUCCESS
            || cause == RecognizerCompletionCause.SUCCESS_MAXTIME;
    if (success) {
      begin(ch.queue.pollFirst(), true);
      return;
    }
    while (!ch.queue.isEmpty()) {
      Queued q = ch.queue.pollFirst();
      q.connection()
          .send(
              MrcpEvent.builder()
                  .name(MrcpEventName.RECOGNITION_COMPLETE)
                  .requestId(q.request().requestId())
                  .state(RequestState.COMPLETE)
                  .channelId(ch.id)
                  .header(
                      RecognizerHeaders.COMPLETION_CAUSE,
                      RecognizerCompletionCause.CANCELLED.toHeaderValue())
                  .header(
                      RecognizerHeaders.COMPLETION_REASON,
                      "the RECOGNIZE before it did not succeed")
                  .build());
    }
  }

  /**
   * Resolves {@code items} and runs {@code then} with the grammars under the lock, unless the
   * channel closed or (for a fetch) something else took over meanwhile; a failure is answered on
   * {@code request}. While a fetch runs the channel counts as busy. Under the lock.
   */
  void whenResolved(
      List<Grammars.Item> items,
      MrcpRequest request,
      ControlConnection connection,
      java.util.function.Consumer<List<ActiveGrammar>> then) {
    Object marker = new Object();
    CompletableFuture<List<ActiveGrammar>> resolved =
        resolve(items, ch.params.millis(RecognizerParams.FETCH_TIMEOUT));
    boolean async = !resolved.isDone();
    if (async) {
      ch.resolving = marker;
    }
    resolved.whenComplete(
        (list, err) ->
            ch.inContext(
                    () -> {
                      synchronized (ch.lock) {
                        if (async) {
                          if (ch.resolving != marker) {
                            return;
                          }
                          ch.resolving = null;
                        }
                        if (ch.closed) {
                          return;
                        }
                        if (err != null) {
                          connection.send(failure(request, asFailure(err)));
                          return;
                        }
                        then.accept(list);
                      }
                    })
                .run());
  }

  /**
   * The grammars of a body, in order: inline ones as compiled, {@code session:} from the store,
   * {@code builtin:} made, others fetched. Completes at once unless something must be fetched.
   * Under the lock.
   */
  private CompletableFuture<List<ActiveGrammar>> resolve(List<Grammars.Item> items, long timeout) {
    List<CompletableFuture<List<ActiveGrammar>>> parts = new ArrayList<>();
    try {
      for (Grammars.Item item : items) {
        if (item instanceof Grammars.Inline in) {
          parts.add(CompletableFuture.completedFuture(List.of(in.grammar())));
          continue;
        }
        Grammars.Ref ref = (Grammars.Ref) item;
        Optional<String> session = Grammars.sessionId(ref.uri());
        if (session.isPresent()) {
          List<ActiveGrammar> stored = ch.grammars.get(session.get());
          if (stored == null) {
            throw Grammars.Failure.load("no grammar defined as " + Grammars.oneLine(ref.uri()));
          }
          parts.add(
              CompletableFuture.completedFuture(
                  stored.stream().map(g -> g.as(g.name(), ref.weight())).toList()));
        } else if (Grammars.isBuiltin(ref.uri())) {
          parts.add(
              CompletableFuture.completedFuture(
                  List.of(Grammars.builtin(ref.uri()).as(ref.uri(), ref.weight()))));
        } else {
          parts.add(fetch(ref, timeout));
        }
      }
    } catch (Grammars.Failure f) {
      return CompletableFuture.failedFuture(f);
    }
    CompletableFuture<List<ActiveGrammar>> all =
        CompletableFuture.completedFuture(new ArrayList<>());
    for (CompletableFuture<List<ActiveGrammar>> p : parts) {
      all =
          all.thenCombine(
              p,
              (acc, more) -> {
                acc.addAll(more);
                return acc;
              });
    }
    return all;
  }

  private CompletableFuture<List<ActiveGrammar>> fetch(Grammars.Ref ref, long timeout) {
    GrammarFetcher fetcher = ch.support.fetcher();
    if (fetcher == null) {
      return CompletableFuture.failedFuture(
          Grammars.Failure.uri(
              ref.uri(),
              "fetching-disabled",
              "grammars by URI are not fetched by this server: " + ref.uri()));
    }
    return fetcher
        .fetch(ref.uri(), timeout)
        .thenApply(
            f -> {
              try {
                return List.of(
                    Grammars.compileInline(f.contentType(), f.body(), ref.uri())
                        .as(ref.uri(), ref.weight()));
              } catch (Grammars.Failure e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
  }

  private static Grammars.Failure asFailure(Throwable t) {
    Throwable c = t;
    while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof Grammars.Failure f) {
      return f;
    }
    return new Grammars.Failure(
        StatusCode.METHOD_OR_OPERATION_FAILED,
        RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
        Grammars.oneLine(String.valueOf(c)));
  }

  // ---------------------------------------------------------------- STOP, START-INPUT-TIMERS

  private void stop(MrcpRequest request, ControlConnection connection) {
    synchronized (ch.lock) {
      List<Long> only = request.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).orElse(null);
      List<Long> stopped = new ArrayList<>();
      Recognition r = ch.active;
      if (r != null && (only == null || only.contains(r.requestId()))) {
        r.release();
        ch.active = null;
        stopped.add(r.requestId());
      }
      if (ch.resolving instanceof Queued q
          && (only == null || only.contains(q.request().requestId()))) {
        ch.resolving = null;
        stopped.add(q.request().requestId());
      }
      ch.queue.removeIf(
          q -> {
            if (only == null || only.contains(q.request().requestId())) {
              stopped.add(q.request().requestId());
              return true;
            }
            return false;
          });
      if (ch.active == null && ch.resolving == null) {
        ch.state = RecognizerChannel.State.IDLE; // section 9.1: STOP leads to idle
        ch.last = null;
      }
      MrcpResponse.Builder b = MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE);
      if (!stopped.isEmpty()) {
        b.header(GenericHeaders.ACTIVE_REQUEST_ID_LIST, stopped);
        log.debug("{}: STOP ends {}", ch.id, stopped);
      }
      connection.send(b.build());
      if (ch.active == null && ch.resolving == null && !ch.completing) {
        next(RecognizerCompletionCause.SUCCESS); // requests not named by the STOP go on
      }
    }
  }

  private void startInputTimers(MrcpRequest request, ControlConnection connection) {
    synchronized (ch.lock) {
      if (ch.active != null) {
        ch.active.startTimers();
      }
      connection.send(MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE).build());
    }
  }

  // ---------------------------------------------------------------- helpers

  boolean languageServed(String tag) {
    Set<String> langs = ch.engine.languages();
    if (langs.contains("*")) {
      return true;
    }
    for (String l : langs) {
      if (l.equalsIgnoreCase(tag)) {
        return true;
      }
    }
    return false;
  }

  static MrcpResponse notInState(MrcpRequest request) {
    return MrcpResponse.to(request, StatusCode.METHOD_NOT_VALID_IN_STATE, RequestState.COMPLETE)
        .build();
  }

  static MrcpResponse failure(MrcpRequest request, Grammars.Failure f) {
    MrcpResponse.Builder b = MrcpResponse.to(request, f.status, RequestState.COMPLETE);
    if (f.cause != null) {
      b.header(RecognizerHeaders.COMPLETION_CAUSE, f.cause.toHeaderValue());
    }
    if (f.failedUri != null) {
      b.header(RecognizerHeaders.FAILED_URI, f.failedUri);
      b.header(
          RecognizerHeaders.FAILED_URI_CAUSE,
          f.failedUriCause == null ? "unknown" : f.failedUriCause);
    }
    return b.header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(f.getMessage())).build();
  }
}
