package io.mrcpj.server.resource.synth;

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
import io.mrcpj.server.resource.synth.SynthesizerChannel.State;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    if (!SpeakContent.readable(type)) {
      connection.send(
          MrcpResponse.to(request, StatusCode.UNSUPPORTED_HEADER_VALUE, RequestState.COMPLETE)
              .header(GenericHeaders.CONTENT_TYPE.name(), type)
              .header(
                  SynthesizerHeaders.COMPLETION_REASON,
                  "can speak text/plain, application/ssml+xml and application/synthesis+ssml")
              .build());
      return;
    }
    SpeakContent.Parsed content = null;
    String failure = null;
    try {
      content = SpeakContent.parse(type, request.body());
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
      Speak s = new Speak(request, connection, p, content, failure);
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
    String lang = s.params.language().or(() -> s.content.language()).orElse(ch.engines.language());
    try {
      SynthesisEngines.Choice c = ch.engines.choose(s.params, lang);
      double rate = s.params.rate().or(() -> s.content.rate()).orElse(1.0);
      double volume = s.params.volume().or(() -> s.content.volume()).orElse(1.0);
      SynthesisRequest r =
          new SynthesisRequest(s.content.segments(), c.voice(), rate, volume, s.params.vendor());
      log.info(
          "{}: SPEAK {} with {} voice {} ({}), {} piece(s)",
          ch.id,
          s.requestId(),
          c.engine().name(),
          c.voice().name(),
          lang,
          r.segments().size());
      s.begin(c.engine(), r, out, ch.settings.maxSpeakSeconds(), ch.events);
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
