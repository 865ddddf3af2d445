package io.mrcpj.client;

import io.mrcpj.client.internal.DtmfTones;
import io.mrcpj.client.internal.MrcpConnection;
import io.mrcpj.client.internal.RtpSender;
import io.mrcpj.client.internal.SerialExecutor;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.nlsml.NlsmlParseException;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.sdp.RtpCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MRCPv2 session: a SIP dialog, its channels on MRCP connections, and one RTP stream. Made by
 * {@link MrcpClient#openSession}; {@link #close} ends it with a BYE.
 *
 * <p>The session's own methods ({@link #recognize}, {@link #defineGrammar}, {@link #interpret},
 * {@link #send}...) drive its speechrecog channel: the one {@link MrcpClient#openSession()} opens.
 * A session opened with other resources ({@link MrcpClient#openSession(MrcpResource...)}) has their
 * channels in {@link #synthesizer()} (its audio arrives on the session's RTP socket) and {@link
 * #recorder()} (caller audio goes out on it); they share the one audio stream.
 *
 * <p>Thread-safe. Futures complete, and listeners are called, on the client's callback threads in
 * the order the server sent things; never on a network thread.
 */
public final class ClientSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /** A channel of the session and the connection it runs on. */
  record ChannelLink(ChannelId id, MrcpConnection connection) {}

  private final MrcpClient client;
  private final String callId;
  private final List<ChannelLink> links;
  private final ChannelId channel; // the recognizer's, or the first channel
  private final ChannelRequests requests;
  private final Synthesizer synthesizer; // null: no speechsynth channel
  private final Recorder recorder; // null: no recorder channel
  private final RtpSender rtp;
  private final RtpCodec codec;
  private final Optional<RtpCodec> telephoneEvent;
  private final SerialExecutor serial;
  private final AtomicLong requestIds = new AtomicLong();
  private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicLong grammarIds = new AtomicLong();
  private final Map<Long, CompletableFuture<MrcpEvent>> interpretations =
      new java.util.concurrent.ConcurrentHashMap<>();
  // Guarded by this.
  private Recognition active;
  private boolean ending;

  /**
   * @param links the channels, in the order asked for
   * @param ptimeMillis the packet time of the server's audio (for a synthesizer's drain)
   */
  ClientSession(
      MrcpClient client,
      String callId,
      List<ChannelLink> links,
      RtpSender rtp,
      RtpCodec codec,
      Optional<RtpCodec> telephoneEvent,
      int ptimeMillis) {
    this.client = client;
    this.callId = callId;
    this.links = List.copyOf(links);
    this.rtp = rtp;
    this.codec = codec;
    this.telephoneEvent = telephoneEvent;
    this.serial = new SerialExecutor(client.callbacks());
    this.requestIds.set(1 + (System.nanoTime() & 0xFFFF));
    ChannelLink primary =
        this.links.stream()
            .filter(l -> l.id().resource().equals(MrcpResource.SPEECHRECOG))
            .findFirst()
            .orElse(this.links.get(0));
    this.channel = primary.id();
    this.requests = requests(primary);
    Synthesizer synth = null;
    Recorder rec = null;
    for (ChannelLink l : this.links) {
      if (l.id().resource().equals(MrcpResource.SPEECHSYNTH)) {
        synth = new Synthesizer(requests(l), rtp.receiver(), ptimeMillis);
      } else if (l.id().resource().equals(MrcpResource.RECORDER)) {
        rec = new Recorder(requests(l), rtp);
      }
    }
    this.synthesizer = synth;
    this.recorder = rec;
  }

  private ChannelRequests requests(ChannelLink l) {
    return new ChannelRequests(
        l.id(),
        l.connection(),
        requestIds,
        serial,
        client.scheduler(),
        client.requestTimeout(),
        this::isClosed);
  }

  /** Called by the client once the session is set up; routes the channels' events here. */
  void attach() {
    for (ChannelLink l : links) {
      l.connection()
          .register(
              l.id(),
              new MrcpConnection.ChannelListener() {
                @Override
                public void onEvent(MrcpEvent event) {
                  long at = System.nanoTime();
                  serial.execute(() -> handleEvent(l.id(), event, at));
                }

                @Override
                public void onConnectionLost(String reason) {
                  serial.execute(() -> end(reason, true, true));
                }
              });
    }
  }

  /** The SIP Call-ID. */
  public String callId() {
    return callId;
  }

  /**
   * The channel the session's own methods use: the speechrecog channel the server allocated, e.g.
   * {@code 32AECB23433801@speechrecog}, or the first channel when there is none.
   */
  public ChannelId channelId() {
    return channel;
  }

  /** Every channel of the session, in the order the resources were asked for. */
  public List<ChannelId> channels() {
    return links.stream().map(ChannelLink::id).toList();
  }

  /**
   * The speechsynth channel.
   *
   * @throws IllegalStateException when the session has none (open it with {@code
   *     MrcpResource.SPEECHSYNTH})
   */
  public Synthesizer synthesizer() {
    if (synthesizer == null) {
      throw new IllegalStateException(
          "this session has no speechsynth channel: open it with MrcpResource.SPEECHSYNTH");
    }
    return synthesizer;
  }

  /**
   * The recorder channel.
   *
   * @throws IllegalStateException when the session has none (open it with {@code
   *     MrcpResource.RECORDER})
   */
  public Recorder recorder() {
    if (recorder == null) {
      throw new IllegalStateException(
          "this session has no recorder channel: open it with MrcpResource.RECORDER");
    }
    return recorder;
  }

  /** The audio codec the server chose. */
  public RtpCodec codec() {
    return codec;
  }

  /** The telephone-event payload, when the server accepted it. */
  public Optional<RtpCodec> telephoneEvent() {
    return telephoneEvent;
  }

  /** RTP packets sent so far. */
  public long rtpPacketsSent() {
    return rtp.packetsSent();
  }

  public void addListener(SessionListener listener) {
    listeners.add(listener);
  }

  public void removeListener(SessionListener listener) {
    listeners.remove(listener);
  }

  /** True once the session ended (closed here, BYE from the server or connection lost). */
  public boolean isClosed() {
    return closed.isDone();
  }

  // ---------------------------------------------------------------- requests

  /**
   * Sends any request on this session's channel: the channel and request-id are filled in. The
   * future completes with the response whatever its status; it fails with {@link
   * MrcpClientException} when the connection fails or the client's request timeout passes.
   */
  public CompletableFuture<MrcpResponse> send(MrcpRequest.Builder request) {
    return send(request, requestIds.getAndIncrement(), null);
  }

  private CompletableFuture<MrcpResponse> send(
      MrcpRequest.Builder request, long requestId, java.util.function.LongConsumer arrived) {
    return requests.send(request, requestId, arrived);
  }

  /** DEFINE-GRAMMAR: stores an inline grammar under its Content-ID (one is made if it has none). */
  public CompletableFuture<MrcpResponse> defineGrammar(Grammar grammar) {
    if (!grammar.isInline()) {
      throw new IllegalArgumentException("only inline grammars can be defined: " + grammar);
    }
    Grammar g = grammar.contentId() != null ? grammar : withNewId(grammar);
    return send(
        MrcpRequest.builder()
            .method(MrcpMethod.DEFINE_GRAMMAR)
            .header(GenericHeaders.CONTENT_ID, g.contentId())
            .body(g.contentType(), g.content()));
  }

  /**
   * SET-PARAMS (RFC 6787 section 6.1.1): session defaults for later requests, e.g. {@code
   * No-Input-Timeout}. The response says 200, 201 (some ignored), or 403/404/409 echoing the
   * offending headers.
   */
  public CompletableFuture<MrcpResponse> setParams(Map<String, String> params) {
    return requests.setParams(params);
  }

  /**
   * GET-PARAMS (section 6.1.2): the current values of the named parameters, or of all of them when
   * none is named; the values are the response's headers.
   */
  public CompletableFuture<MrcpResponse> getParams(String... names) {
    return requests.getParams(names);
  }

  /**
   * GET-RESULT (section 9.11): the last recognition's result again (NLSML body), optionally
   * recomputed with another Confidence-Threshold or N-Best-List-Length given in {@code headers}.
   */
  public CompletableFuture<MrcpResponse> getResult(Map<String, String> headers) {
    MrcpRequest.Builder b = MrcpRequest.builder().method(MrcpMethod.GET_RESULT);
    headers.forEach(b::header);
    return send(b);
  }

  /**
   * INTERPRET (section 9.20): what {@code text} means under {@code grammar}. Completes with the
   * INTERPRETATION-COMPLETE event (its Completion-Cause and NLSML), or with the refusing response
   * turned into {@link IllegalStateException} when the server answers other than IN-PROGRESS.
   */
  public CompletableFuture<MrcpEvent> interpret(String text, Grammar grammar) {
    long id = requestIds.getAndIncrement();
    CompletableFuture<MrcpEvent> out = new CompletableFuture<>();
    interpretations.put(id, out);
    MrcpRequest.Builder b =
        MrcpRequest.builder()
            .method(MrcpMethod.INTERPRET)
            .header(RecognizerHeaders.INTERPRET_TEXT, text.replaceAll("[\\r\\n]+", " "));
    if (grammar.isInline()) {
      if (grammar.contentId() != null) {
        b.header(GenericHeaders.CONTENT_ID, grammar.contentId());
      }
      b.body(grammar.contentType(), grammar.content());
    } else {
      b.body("text/uri-list", grammar.uri() + "\r\n");
    }
    send(b, id, null)
        .whenCompleteAsync(
            (resp, err) -> {
              if (err != null) {
                interpretations.remove(id);
                out.completeExceptionally(unwrap(err));
              } else if (resp.state() != RequestState.IN_PROGRESS) {
                interpretations.remove(id);
                out.completeExceptionally(
                    new IllegalStateException(
                        "INTERPRET refused: "
                            + resp.status()
                            + resp.headers()
                                .get(RecognizerHeaders.COMPLETION_REASON)
                                .map(r -> " (" + r + ")")
                                .orElse("")));
              }
            },
            serial);
    return out;
  }

  /** START-INPUT-TIMERS: starts the no-input timer of a RECOGNIZE sent with timers off. */
  public CompletableFuture<MrcpResponse> startInputTimers() {
    return send(MrcpRequest.builder().method(MrcpMethod.START_INPUT_TIMERS));
  }

  /**
   * STOP: ends the RECOGNIZE in progress, if any. Its {@link #recognize} future then completes with
   * Completion-Cause 011 cancelled (the server sends no RECOGNITION-COMPLETE for it, RFC 6787
   * section 9.4.11 and 5.3).
   */
  public CompletableFuture<MrcpResponse> stop() {
    return send(MrcpRequest.builder().method(MrcpMethod.STOP))
        .thenApplyAsync(
            resp -> {
              List<Long> stopped =
                  resp.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).orElse(List.of());
              synchronized (this) {
                if (active != null && stopped.contains(active.requestId)) {
                  Recognition r = active;
                  r.complete = System.nanoTime();
                  finish(
                      r, r.result(resp.status().code(), RecognizerCompletionCause.CANCELLED, null));
                }
              }
              return resp;
            },
            serial);
  }

  /**
   * RECOGNIZE: sends the request; when the server answers IN-PROGRESS, sends the audio as RTP (then
   * silence, if asked, until the result); completes with the outcome. A refusal (4xx) is a result,
   * not an exception. Fails with {@link TimeoutException} after the request's timeout (a STOP is
   * sent), {@link MrcpClientException} when the session or connection ends, and {@link
   * IllegalStateException} while another RECOGNIZE is in progress or when the session has no
   * speechrecog channel.
   */
  public CompletableFuture<RecognitionResult> recognize(RecognizeRequest request) {
    if (!channel.resource().equals(MrcpResource.SPEECHRECOG)) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this session has no speechrecog channel"));
    }
    Recognition r = new Recognition(request);
    synchronized (this) {
      if (ending || isClosed()) {
        return CompletableFuture.failedFuture(new MrcpClientException("session is closed"));
      }
      if (active != null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("a RECOGNIZE is already in progress on this session"));
      }
      active = r;
    }
    r.timer =
        client
            .scheduler()
            .schedule(
                () -> serial.execute(() -> timedOut(r)),
                request.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
    // inline grammars beyond a single one are defined first and referenced as session: URIs
    List<Grammar> grammars = request.grammars();
    CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    MrcpRequest.Builder recognize = MrcpRequest.builder().method(MrcpMethod.RECOGNIZE);
    request.headers().forEach(recognize::header);
    if (grammars.size() == 1 && grammars.get(0).isInline()) {
      Grammar g = grammars.get(0);
      if (g.contentId() != null) {
        recognize.header(GenericHeaders.CONTENT_ID, g.contentId());
      }
      recognize.body(g.contentType(), g.content());
    } else {
      List<String> uris = new ArrayList<>();
      for (Grammar g : grammars) {
        if (g.isInline()) {
          Grammar named = g.contentId() != null ? g : withNewId(g);
          uris.add("session:" + named.contentId());
          ready =
              ready.thenCompose(
                  x ->
                      defineGrammar(named)
                          .thenAccept(
                              resp -> {
                                if (!resp.status().isSuccess()) {
                                  throw new CompletionException(new GrammarRefused(resp));
                                }
                              }));
        } else {
          uris.add(g.uri());
        }
      }
      recognize.body("text/uri-list", String.join("\r\n", uris) + "\r\n");
    }
    ready
        .thenComposeAsync(
            x -> {
              r.requestId = requestIds.getAndIncrement();
              r.sent = System.nanoTime();
              return send(recognize, r.requestId, t -> r.inProgress = t);
            },
            serial)
        .whenCompleteAsync(
            (resp, err) -> {
              if (err != null) {
                Throwable cause = unwrap(err);
                if (cause instanceof GrammarRefused g) {
                  finish(r, r.result(g.response));
                } else {
                  fail(r, cause);
                }
              } else {
                onRecognizeResponse(r, resp);
              }
            },
            serial);
    return r.future;
  }

  /**
   * Sends DTMF key presses in the session's RTP stream, after any audio already queued, in real
   * time: each key is down for 100 ms, then 100 ms of silence. {@link DtmfMode#RFC4733} sends
   * telephone-events (RFC 4733 section 2.5) with the payload type the server accepted, in place of
   * the audio while a key is down; {@link DtmfMode#INBAND} sends the keys' two tones (ITU-T Q.23,
   * about -10 dBFS each) as audio. The end of a recognition does not cut DTMF short.
   *
   * @param digits 0-9, *, #, A-D (upper case)
   * @return completes when the last packet has been sent; fails with {@link IllegalStateException}
   *     for RFC 4733 when the server did not accept telephone-event, with {@link
   *     MrcpClientException} when the session is closed or ends first
   * @throws IllegalArgumentException naming the first character that is not a DTMF digit
   */
  public CompletableFuture<Void> sendDtmf(String digits, DtmfMode mode) {
    DtmfTones.events(digits); // refuse a bad digit before anything else
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    synchronized (this) {
      if (ending || isClosed()) {
        return CompletableFuture.failedFuture(new MrcpClientException("session is closed"));
      }
    }
    if (mode == DtmfMode.RFC4733 && telephoneEvent.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "the server did not accept telephone-event (RFC 4733) for this session; "
                  + "send the digits with DtmfMode.INBAND"));
    }
    return rtp.sendDtmf(digits, mode, telephoneEvent.orElse(null))
        .handle(
            (t, err) -> {
              if (err == null) {
                return null;
              }
              Throwable cause = unwrap(err);
              throw new CompletionException(
                  cause instanceof java.util.concurrent.CancellationException
                          || cause instanceof IllegalStateException
                      ? new MrcpClientException("session ended before the DTMF was sent", cause)
                      : cause);
            });
  }

  /** Like {@link #recognize} but waits for the result (at most the request's timeout + 5 s). */
  public RecognitionResult recognizeSync(RecognizeRequest request)
      throws MrcpClientException, TimeoutException, InterruptedException {
    return RequestSlot.await(recognize(request), request.timeout());
  }

  private void onRecognizeResponse(Recognition r, MrcpResponse resp) {
    synchronized (this) {
      if (active != r) {
        return; // already completed (its RECOGNITION-COMPLETE was handled first) or stopped
      }
    }
    if (!resp.status().isSuccess()) {
      finish(r, r.result(resp));
      return;
    }
    if (resp.state() != RequestState.IN_PROGRESS) {
      r.complete = r.inProgress;
      finish(r, r.result(resp));
      return;
    }
    RecognizeRequest req = r.request;
    if (req.audio() != null) {
      rtp.play(req.audio().samples(), req.audio().sampleRate(), req.pacing(), t -> r.audioStart = t)
          .whenCompleteAsync(
              (t, err) -> {
                if (err == null) {
                  r.audioEnd = t;
                }
              },
              serial);
    }
    if (req.silenceAfterAudio()) {
      rtp.silenceWhenIdle(true);
    }
  }

  private void handleEvent(ChannelId from, MrcpEvent event, long at) {
    if (synthesizer != null && from.equals(synthesizer.channelId())) {
      synthesizer.onEvent(event, at);
    } else if (recorder != null && from.equals(recorder.channelId())) {
      recorder.onEvent(event);
    }
    if (event.name().equals(MrcpEventName.INTERPRETATION_COMPLETE)) {
      CompletableFuture<MrcpEvent> f = interpretations.remove(event.requestId());
      if (f != null) {
        f.complete(event);
      }
    }
    Recognition r;
    synchronized (this) {
      r = active;
    }
    if (r != null && event.requestId() == r.requestId) {
      if (event.name().equals(MrcpEventName.START_OF_INPUT) && r.startOfInput == 0) {
        r.startOfInput = at;
      } else if (event.name().equals(MrcpEventName.RECOGNITION_COMPLETE)) {
        r.complete = at;
        finish(r, r.completed(event));
      }
    }
    for (SessionListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("session listener failed", e);
      }
    }
  }

  private void timedOut(Recognition r) {
    synchronized (this) {
      if (active != r) {
        return;
      }
    }
    log.info("{}: no RECOGNITION-COMPLETE within {}; sending STOP", channel, r.request.timeout());
    fail(r, new TimeoutException("no RECOGNITION-COMPLETE within " + r.request.timeout()));
    stop();
  }

  private void finish(Recognition r, RecognitionResult result) {
    synchronized (this) {
      if (active != r) {
        return;
      }
      active = null;
    }
    r.timer.cancel(false);
    rtp.stopPlaying();
    r.future.complete(result);
  }

  private void fail(Recognition r, Throwable why) {
    synchronized (this) {
      if (active != r) {
        return;
      }
      active = null;
    }
    if (r.timer != null) {
      r.timer.cancel(false);
    }
    rtp.stopPlaying();
    r.future.completeExceptionally(why);
  }

  // ---------------------------------------------------------------- teardown

  /** Ends the session: BYE, then the channel, connection share and RTP socket are released. */
  public CompletableFuture<Void> closeAsync() {
    serial.execute(() -> end("closed by the client", true, false));
    return closed;
  }

  /** Ends the session and waits for the BYE to be answered (at most 10 s). */
  @Override
  public void close() {
    try {
      closeAsync().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("{}: close: {}", callId, e.toString());
    }
  }

  /** The server sent BYE. */
  void remoteBye(String reason) {
    serial.execute(() -> end(reason, false, true));
  }

  private void end(String reason, boolean sendBye, boolean notify) {
    Recognition r;
    synchronized (this) {
      if (ending) {
        return;
      }
      ending = true;
      r = active;
    }
    if (r != null) {
      fail(r, new MrcpClientException("session ended: " + reason));
    }
    if (synthesizer != null) {
      synthesizer.end(reason);
    }
    if (recorder != null) {
      recorder.end(reason);
    }
    MrcpClientException gone = new MrcpClientException("session ended: " + reason);
    interpretations.values().forEach(f -> f.completeExceptionally(gone));
    interpretations.clear();
    rtp.close();
    // BYE first, then let go of the MRCP connection: a server may end a session whose
    // connection closes, and the client's own BYE should be what ends it
    CompletableFuture<Void> bye =
        sendBye ? client.sip().bye(callId) : CompletableFuture.completedFuture(null);
    bye.orTimeout(10, TimeUnit.SECONDS)
        .whenCompleteAsync(
            (x, err) -> {
              links.forEach(l -> client.release(l.id(), l.connection()));
              client.forget(this);
              closed.complete(null);
              if (notify) {
                for (SessionListener l : listeners) {
                  try {
                    l.onClosed(reason);
                  } catch (RuntimeException e) {
                    log.warn("session listener failed", e);
                  }
                }
              }
            },
            serial);
  }

  // ---------------------------------------------------------------- helpers

  private Grammar withNewId(Grammar g) {
    return g.withContentId("g" + grammarIds.incrementAndGet() + "-" + channel.id() + "@mrcpj");
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static MrcpClientException rethrow(Throwable t) throws TimeoutException {
    Throwable c = unwrap(t);
    if (c instanceof MrcpClientException m) {
      return m;
    }
    if (c instanceof TimeoutException te) {
      throw te;
    }
    if (c instanceof RuntimeException re) {
      throw re;
    }
    return new MrcpClientException(c.toString(), c);
  }

  /** A DEFINE-GRAMMAR for one of a RECOGNIZE's grammars was refused. */
  private static final class GrammarRefused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient MrcpResponse response;

    GrammarRefused(MrcpResponse response) {
      super("grammar refused: " + response.status(), null, false, false);
      this.response = response;
    }
  }

  /** One RECOGNIZE in flight; its timings are written on the session's serial executor. */
  private final class Recognition {
    final RecognizeRequest request;
    final CompletableFuture<RecognitionResult> future = new CompletableFuture<>();
    volatile long requestId = -1;
    ScheduledFuture<?> timer;
    long sent;
    volatile long inProgress;
    volatile long audioStart;
    long startOfInput;
    long audioEnd;
    long complete;

    Recognition(RecognizeRequest request) {
      this.request = request;
    }

    RecognitionResult.Timings timings() {
      return new RecognitionResult.Timings(
          sent, inProgress, audioStart, startOfInput, audioEnd, complete);
    }

    RecognitionResult result(int status, RecognizerCompletionCause cause, String reason) {
      return new RecognitionResult(status, cause, reason, null, Optional.empty(), null, timings());
    }

    /** A response that ended the request (a refusal or an immediate COMPLETE). */
    RecognitionResult result(MrcpResponse resp) {
      return result(
          resp.status().code(),
          cause(resp.headers().get(RecognizerHeaders.COMPLETION_CAUSE).orElse(null)),
          resp.headers().get(RecognizerHeaders.COMPLETION_REASON).orElse(null));
    }

    RecognitionResult completed(MrcpEvent event) {
      String nlsml = null;
      Optional<NlsmlResult> parsed = Optional.empty();
      if (event.hasBody() && event.contentType().map(NlsmlResult::isNlsml).orElse(false)) {
        nlsml = event.bodyAsString();
        try {
          parsed = Optional.of(NlsmlReader.read(event.body()));
        } catch (NlsmlParseException e) {
          log.warn("{}: unreadable NLSML in RECOGNITION-COMPLETE: {}", channel, e.getMessage());
        }
      }
      return new RecognitionResult(
          200,
          cause(event.headers().get(RecognizerHeaders.COMPLETION_CAUSE).orElse(null)),
          event.headers().get(RecognizerHeaders.COMPLETION_REASON).orElse(null),
          nlsml,
          parsed,
          event,
          timings());
    }

    private RecognizerCompletionCause cause(String header) {
      if (header == null) {
        return null;
      }
      try {
        return RecognizerCompletionCause.parse(header);
      } catch (IllegalArgumentException e) {
        log.warn("{}: unknown Completion-Cause '{}'", channel, header);
        return null;
      }
    }
  }
}
