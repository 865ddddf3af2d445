package io.mrcpj.server.resource.synth;

import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import io.mrcpj.core.message.SynthesizerHeaders;
import io.mrcpj.server.control.ResourceChannel.ControlConnection;
import io.mrcpj.server.media.RtpOutput;
import io.mrcpj.server.resource.recog.GrammarFetcher;
import io.mrcpj.server.resource.synth.SynthesizerChannel.State;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request side of a {@link SynthesizerChannel} (RFC 6787 sections 8.5-8.13). Works on the
 * channel's state under its lock; never blocks (engine streams are opened, not waited for).
 *
 * <ul>
 *   <li>SPEAK: 200 IN-PROGRESS when the channel is idle, else 200 PENDING (at most {@link
 *       SynthesizerChannel#MAX_QUEUED} wait; more get 407). A body that cannot be read, a voice
 *       nobody speaks or an engine failure end it with SPEAK-COMPLETE 002, 005 or 004 once it is
 *       its turn. A Content-Type other than text/plain and SSML gets 409; no body, 406.
 *   <li>STOP: stops the active and queued SPEAKs, or those its Active-Request-Id-List names; 200
 *       with the ids stopped; no SPEAK-COMPLETE for them.
 *   <li>PAUSE / RESUME: 200 with the active id; 402 when there is nothing to pause or resume.
 *   <li>BARGE-IN-OCCURRED: with Kill-On-Barge-In, stops the active and queued SPEAKs like STOP;
 *       otherwise 200 and nothing stops.
 *   <li>SET-PARAMS / GET-PARAMS: the parameters of {@link SynthParams}; 404 for a bad value; other
 *       headers are ignored (201).
 *   <li>CONTROL and DEFINE-LEXICON: 401, not supported.
 * </ul>
 */
final class SynthesizerRequests {

  private static final Logger log = LoggerFactory.getLogger(SynthesizerRequests.class);

  private static final Set<String> GENERIC =
      Set.of(
          "channel-identifier",
          "content-type",
          "content-length",
          "content-id",
          "content-base",
          "content-encoding",
          "content-location",
          "logging-tag",
          "accept-charset",
          "cache-control",
          "set-cookie",
          "active-request-id-list",
          "proxy-sync-id",
          "accept");

  private final SynthesizerChannel ch;

  SynthesizerRequests(SynthesizerChannel channel) {
    this.ch = channel;
  }

  void handle(MrcpRequest request, ControlConnection connection) {
    MrcpMethod m = request.method();
    if (m.equals(MrcpMethod.SPEAK)) {
      speak(request, connection);
    } else if (m.equals(MrcpMethod.STOP)) {
      stop(request, connection, false);
    } else if (m.equals(MrcpMethod.BARGE_IN_OCCURRED)) {
      stop(request, connection, true);
    } else if (m.equals(MrcpMethod.PAUSE)) {
      pause(request, connection, true);
    } else if (m.equals(MrcpMethod.RESUME)) {
      pause(request, connection, false);
    } else if (m.equals(MrcpMethod.SET_PARAMS)) {
      setParams(request, connection);
    } else if (m.equals(MrcpMethod.GET_PARAMS)) {
      getParams(request, connection);
    } else {
      log.debug("{}: {} is not supported", ch.id, m.name());
      connection.send(
          MrcpResponse.to(request, StatusCode.METHOD_NOT_ALLOWED, RequestState.COMPLETE)
              .header(SynthesizerHeaders.COMPLETION_REASON, "method not supported: " + m.name())
              .build());
    }
  }

  // ---------------------------------------------------------------- SPEAK

  private void speak(MrcpRequest request, ControlConnection connection) {
    String type = request.headers().get(GenericHeaders.CONTENT_TYPE.name()).orElse("");
    if (request.body().length == 0) {
      connection.send(
          MrcpResponse.to(request, StatusCode.MANDATORY_HEADER_MISSING, RequestState.COMPLETE)
              .header(SynthesizerHeaders.COMPLETION_REASON, "SPEAK needs a body to speak")
              .build());
      return;
    }
    if (!SpeakContent.readable(type) && !SpeakContent.isUriList(type)) {
      connection.send(
          MrcpResponse.to(request, StatusCode.UNSUPPORTED_HEADER_VALUE, RequestState.COMPLETE)
              .header(GenericHeaders.CONTENT_TYPE.name(), type)
              .header(
                  SynthesizerHeaders.COMPLETION_REASON,
                  "can speak text/plain, application/ssml+xml, application/synthesis+ssml and"
                      + " text/uri-list")
              .build());
      return;
    }
    SpeakContent.Parsed content = null;
    List<String> uris = null;
    String failure = null;
    try {
      if (SpeakContent.isUriList(type)) {
        uris = SpeakContent.uris(request.body());
      } else {
        content = SpeakContent.parse(type, request.body());
      }
    } catch (SpeakContent.ParseFailure f) {
      failure = f.getMessage();
    }
    synchronized (ch.lock) {
      if (ch.closed) {
        return;
      }
      SynthParams p;
      try {
        p = ch.params.with(request.headers());
      } catch (SynthParams.Bad b) {
        log.info("{}: SPEAK {} refused: {}", ch.id, request.requestId(), b.getMessage());
        connection.send(b.answer(request));
        return;
      }
      Speak s = new Speak(request, connection, p, content, failure, uris);
      if (ch.active == null) {
        connection.send(
            MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build());
        start(s);
      } else if (ch.queue.size() >= SynthesizerChannel.MAX_QUEUED) {
        connection.send(
            MrcpResponse.to(request, StatusCode.METHOD_OR_OPERATION_FAILED, RequestState.COMPLETE)
                .header(
                    SynthesizerHeaders.COMPLETION_REASON,
                    SynthesizerChannel.MAX_QUEUED + " SPEAK requests already wait")
                .build());
      } else {
        ch.queue.addLast(s);
        connection.send(MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.PENDING).build());
      }
    }
  }

  /** Makes {@code s} the active SPEAK and starts its engine (under the lock). */
  void start(Speak s) {
    ch.active = s;
    ch.paused = false;
    if (s.parseFailure != null) {
      ch.complete(s, SynthesizerCompletionCause.PARSE_FAILURE, s.parseFailure);
      return;
    }
    var out = ch.output();
    if (out == null) {
      ch.complete(
          s,
          SynthesizerCompletionCause.ERROR,
          "the session has no audio line this channel can send on (the offer's m=audio must"
              + " receive: recvonly or sendrecv)");
      return;
    }
    if (s.uris != null) {
      fetch(s);
      return;
    }
    if (!s.content.audio().isEmpty()) {
      fetchClips(s);
      return;
    }
    play(s, List.of(s.content));
  }

  /** The Fetch-Timeout of a SPEAK that sets none, in milliseconds. */
  static final long FETCH_TIMEOUT_MILLIS = 10_000;

  /**
   * Fetches a {@code text/uri-list} SPEAK's documents, then plays them (under the lock again, if it
   * is still the active SPEAK). A failed fetch ends it with 003 uri-failure and Failed-URI /
   * Failed-URI-Cause; a document that is neither SSML, text nor a WAV file, with 003 too.
   */
  private void fetch(Speak s) {
    GrammarFetcher fetcher = ch.settings.fetcher();
    if (fetcher == null) {
      uriFailure(s, s.uris.get(0), "fetch-disabled", "this server fetches no documents for SPEAK");
      return;
    }
    List<CompletableFuture<GrammarFetcher.Fetched>> all = fetchAll(fetcher, s, s.uris);
    whenFetched(s, all, () -> fetched(s, all));
  }

  private static List<CompletableFuture<GrammarFetcher.Fetched>> fetchAll(
      GrammarFetcher fetcher, Speak s, List<String> uris) {
    long timeout = s.params.fetchTimeout(FETCH_TIMEOUT_MILLIS);
    List<CompletableFuture<GrammarFetcher.Fetched>> all = new ArrayList<>();
    for (String u : uris) {
      all.add(fetcher.fetchDocument(u, timeout));
    }
    return all;
  }

  /** Runs {@code then} under the lock once every fetch has ended, if {@code s} is still active. */
  private void whenFetched(
      Speak s, List<CompletableFuture<GrammarFetcher.Fetched>> all, Runnable then) {
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .whenComplete(
            (v, err) ->
                ch.inContext(
                        () -> {
                          synchronized (ch.lock) {
                            if (ch.active == s && !ch.closed) {
                              then.run();
                            }
                          }
                        })
                    .run());
  }

  /**
   * Fetches the {@code <audio src>} clips of an SSML SPEAK, then plays the speech with each clip in
   * its place. A clip that cannot be fetched or is not a WAV file is replaced by its fallback
   * content (SSML 1.0 section 3.3.1); one without fallback content ends the SPEAK with 003
   * uri-failure naming it. With fetching off, every clip is its fallback.
   */
  private void fetchClips(Speak s) {
    SpeakContent.Parsed p = s.content;
    GrammarFetcher fetcher = ch.settings.fetcher();
    if (fetcher == null) {
      for (SpeakContent.Audio a : p.audio()) {
        if (a.fallback().isEmpty()) {
          uriFailure(
              s,
              a.src(),
              "fetch-disabled",
              "this server fetches no documents for SPEAK, and <audio src=\""
                  + a.src()
                  + "\"> has no content to say instead");
          return;
        }
      }
      log.info(
          "{}: SPEAK {}: fetching is off, <audio> clips speak their content", ch.id, s.requestId());
      play(s, List.of(p.fallbacksOnly()));
      return;
    }
    List<CompletableFuture<GrammarFetcher.Fetched>> all =
        fetchAll(fetcher, s, p.audio().stream().map(SpeakContent.Audio::src).toList());
    whenFetched(s, all, () -> clipsFetched(s, all));
  }

  private void clipsFetched(Speak s, List<CompletableFuture<GrammarFetcher.Fetched>> all) {
    SpeakContent.Parsed p = s.content;
    List<Object> contents = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < all.size(); i++) {
      SpeakContent.Audio a = p.audio().get(i);
      if (a.at() > at) {
        contents.add(p.with(p.segments().subList(at, a.at())));
      }
      at = a.at();
      String cause = null;
      String reason = null;
      try {
        GrammarFetcher.Fetched doc = all.get(i).join();
        if (SpeakContent.sniff(doc.uri(), doc.body()) == SpeakContent.Kind.WAV) {
          WavFile w = WavFile.read(doc.body());
          contents.add(new Speak.Pcm(w.samples(), w.sampleRate()));
          continue;
        }
        cause = "unsupported-content";
        reason = "<audio> plays WAV files, not what " + doc.uri() + " holds";
      } catch (CompletionException e) {
        if (e.getCause() instanceof GrammarFetcher.FetchException x) {
          cause = x.uriCause();
          reason = x.getMessage();
        } else {
          cause = "error";
          reason = String.valueOf(e.getCause());
        }
      } catch (RuntimeException bad) {
        cause = "bad-audio";
        reason = "not a WAV file that can be played: " + bad;
      }
      if (a.fallback().isEmpty()) {
        uriFailure(s, a.src(), cause, reason);
        return;
      }
      log.info(
          "{}: SPEAK {}: <audio src=\"{}\"> not played ({}: {}); its content is spoken instead",
          ch.id,
          s.requestId(),
          a.src(),
          cause,
          reason);
      contents.add(p.with(a.fallback()));
    }
    if (at < p.segments().size()) {
      contents.add(p.with(p.segments().subList(at, p.segments().size())));
    }
    play(s, contents);
  }

  private void fetched(Speak s, List<CompletableFuture<GrammarFetcher.Fetched>> all) {
    List<Object> contents = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      GrammarFetcher.Fetched doc;
      try {
        doc = all.get(i).join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof GrammarFetcher.FetchException x) {
          uriFailure(s, x.uri(), x.uriCause(), x.getMessage());
        } else {
          uriFailure(s, s.uris.get(i), "error", String.valueOf(e.getCause()));
        }
        return;
      }
      try {
        switch (SpeakContent.sniff(doc.uri(), doc.body())) {
          case WAV -> {
            WavFile w = WavFile.read(doc.body());
            contents.add(new Speak.Pcm(w.samples(), w.sampleRate()));
          }
            // clips inside a listed SSML document are not fetched in turn: their content is said
          case SSML ->
              contents.add(SpeakContent.parse("application/ssml+xml", doc.body()).fallbacksOnly());
          case TEXT -> contents.add(SpeakContent.parse("text/plain", doc.body()));
          default -> {
            uriFailure(
                s,
                doc.uri(),
                "unsupported-content",
                "can speak SSML or text and play WAV files, not what " + doc.uri() + " holds");
            return;
          }
        }
      } catch (SpeakContent.ParseFailure p) {
        ch.complete(s, SynthesizerCompletionCause.PARSE_FAILURE, doc.uri() + ": " + p.getMessage());
        return;
      } catch (RuntimeException bad) {
        uriFailure(s, doc.uri(), "bad-audio", "not a WAV file that can be played: " + bad);
        return;
      }
    }
    play(s, contents);
  }

  private void uriFailure(Speak s, String uri, String cause, String reason) {
    ch.complete(
        s,
        SynthesizerCompletionCause.URI_FAILURE,
        reason,
        Map.of(
            SynthesizerHeaders.FAILED_URI.name(), uri,
            SynthesizerHeaders.FAILED_URI_CAUSE.name(), cause));
  }

  /**
   * Chooses the voice and starts the engine on {@code contents} (Parsed or Pcm), under the lock.
   */
  private void play(Speak s, List<Object> contents) {
    RtpOutput out = ch.output();
    if (out == null) {
      ch.complete(s, SynthesizerCompletionCause.ERROR, "the audio line went away");
      return;
    }
    Optional<String> ssmlLang =
        contents.stream()
            .filter(SpeakContent.Parsed.class::isInstance)
            .map(c -> ((SpeakContent.Parsed) c).language())
            .flatMap(Optional::stream)
            .findFirst();
    String lang = s.params.language().or(() -> ssmlLang).orElse(ch.engines.language());
    try {
      SynthesisEngines.Choice c = ch.engines.choose(s.params, lang);
      List<Object> parts = new ArrayList<>();
      int pieces = 0;
      for (Object o : contents) {
        if (o instanceof SpeakContent.Parsed p) {
          double rate = s.params.rate().or(p::rate).orElse(1.0);
          double volume = s.params.volume().or(p::volume).orElse(1.0);
          parts.add(new SynthesisRequest(p.segments(), c.voice(), rate, volume, s.params.vendor()));
          pieces += p.segments().size();
        } else {
          parts.add(o);
          pieces++;
        }
      }
      log.info(
          "{}: SPEAK {} with {} voice {} ({}), {} piece(s)",
          ch.id,
          s.requestId(),
          c.engine().name(),
          c.voice().name(),
          lang,
          pieces);
      s.begin(c.engine(), parts, out, ch.settings.maxSpeakSeconds(), ch.events);
    } catch (SynthesisException e) {
      ch.complete(s, SynthesizerChannel.cause(e), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- STOP and BARGE-IN-OCCURRED

  private void stop(MrcpRequest request, ControlConnection connection, boolean bargeIn) {
    Set<Long> ids = new HashSet<>();
    if (!bargeIn) {
      try {
        request.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).ifPresent(ids::addAll);
      } catch (RuntimeException e) {
        connection.send(
            MrcpResponse.to(request, StatusCode.ILLEGAL_HEADER_VALUE, RequestState.COMPLETE)
                .header(
                    GenericHeaders.ACTIVE_REQUEST_ID_LIST.name(),
                    request.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST.name()).orElse(""))
                .build());
        return;
      }
    }
    synchronized (ch.lock) {
      List<Long> stopped;
      if (bargeIn && (ch.active == null || !ch.active.params.killOnBargeIn())) {
        stopped = List.of();
      } else {
        stopped = ch.stopSilently(ids);
      }
      MrcpResponse.Builder b = MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE);
      SynthesizerChannel.activeList(b, stopped);
      connection.send(b.build());
      if (!stopped.isEmpty()) {
        log.info("{}: {} stopped SPEAK {}", ch.id, request.method().name(), stopped);
      }
      ch.next();
    }
  }

  // ---------------------------------------------------------------- PAUSE and RESUME

  private void pause(MrcpRequest request, ControlConnection connection, boolean pause) {
    synchronized (ch.lock) {
      State st = ch.state();
      boolean valid = pause ? st != State.IDLE : st == State.PAUSED;
      if (!valid) {
        connection.send(
            MrcpResponse.to(request, StatusCode.METHOD_NOT_VALID_IN_STATE, RequestState.COMPLETE)
                .header(
                    SynthesizerHeaders.COMPLETION_REASON,
                    (pause ? "nothing is speaking" : "nothing is paused")
                        + " (state "
                        + st.name().toLowerCase(Locale.ROOT)
                        + ")")
                .build());
        return;
      }
      if (ch.paused != pause) {
        ch.paused = pause;
        ch.active.pause(pause);
      }
      MrcpResponse.Builder b = MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE);
      SynthesizerChannel.activeList(b, List.of(ch.active.requestId()));
      connection.send(b.build());
    }
  }

  // ---------------------------------------------------------------- SET-PARAMS and GET-PARAMS

  private void setParams(MrcpRequest request, ControlConnection connection) {
    boolean ignored = false;
    for (MrcpHeaders.Header h : request.headers().all()) {
      String n = h.name().toLowerCase(Locale.ROOT);
      if (!GENERIC.contains(n) && !SynthParams.settable(n)) {
        ignored = true;
      }
    }
    synchronized (ch.lock) {
      try {
        ch.params = ch.params.with(request.headers());
      } catch (SynthParams.Bad b) {
        log.info("{}: SET-PARAMS {} refused: {}", ch.id, request.requestId(), b.getMessage());
        connection.send(b.answer(request));
        return;
      }
    }
    connection.send(
        MrcpResponse.to(
                request,
                ignored ? StatusCode.SUCCESS_WITH_IGNORE : StatusCode.SUCCESS,
                RequestState.COMPLETE)
            .build());
  }

  private void getParams(MrcpRequest request, ControlConnection connection) {
    List<String> asked = new ArrayList<>();
    List<MrcpHeaders.Header> unsupported = new ArrayList<>();
    for (MrcpHeaders.Header h : request.headers().all()) {
      String n = h.name().toLowerCase(Locale.ROOT);
      if (GENERIC.contains(n)) {
        continue;
      }
      if (SynthParams.settable(n)) {
        asked.add(h.name());
      } else {
        unsupported.add(new MrcpHeaders.Header(h.name(), ""));
      }
    }
    if (!unsupported.isEmpty()) {
      MrcpResponse.Builder b =
          MrcpResponse.to(request, StatusCode.UNSUPPORTED_HEADER, RequestState.COMPLETE);
      unsupported.forEach(h -> b.header(h.name(), h.value()));
      connection.send(b.build());
      return;
    }
    MrcpResponse.Builder b = MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE);
    synchronized (ch.lock) {
      ch.params.get(asked).forEach(h -> b.header(h.name(), h.value()));
    }
    connection.send(b.build());
  }
}
