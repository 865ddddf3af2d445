package io.mrcpj.server.resource.recog;

import io.mrcpj.core.grammar.GrammarMatcher;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.InputStatus;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import io.mrcpj.server.control.ResourceChannel.ControlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of a {@link RecognizerChannel} that recognize nothing: SET-PARAMS and GET-PARAMS
 * (RFC 6787 sections 6.1.1-6.1.2), GET-RESULT (9.11) and INTERPRET (9.20). Under the channel's
 * lock, like {@link RecognizerRequests}.
 */
final class RecognizerQueries {

  private static final Logger log = LoggerFactory.getLogger(RecognizerQueries.class);

  /** Headers every request may carry that are no recognizer parameters. */
  private static final Set<String> GENERIC =
      Set.of(
          "channel-identifier",
          "content-length",
          "content-type",
          "content-id",
          "content-base",
          "content-encoding",
          "content-location",
          "accept",
          "accept-charset",
          "proxy-sync-id",
          "active-request-id-list");

  /** Recognizer headers that are request-only: valid on RECOGNIZE, not SET-PARAMS (section 9.4). */
  private static final Set<String> REQUEST_ONLY =
      Set.of(
          "start-input-timers",
          "cancel-if-queue",
          "recognition-mode",
          "early-no-match",
          "clear-dtmf-buffer",
          "new-audio-channel",
          "interpret-text",
          "input-type",
          "completion-cause",
          "completion-reason",
          "waveform-uri",
          "failed-uri",
          "failed-uri-cause");

  // ---------------------------------------------------------------- SET-PARAMS, GET-PARAMS

  void setParams(MrcpRequest request, ControlConnection connection) {
    synchronized (ch.lock) {
      Rejection.Builder problems = new Rejection.Builder();
      boolean ignored = false;
      for (MrcpHeaders.Header h : request.headers().all()) {
        String name = h.name().toLowerCase(Locale.ROOT);
        if (GENERIC.contains(name) || RecognizerParams.settable(name)) {
          continue;
        }
        if (RecognizerParams.UNSUPPORTED.contains(name) || REQUEST_ONLY.contains(name)) {
          problems.add(StatusCode.UNSUPPORTED_HEADER, h, "not a settable parameter here");
        } else {
          ignored = true; // a header we do not know: optional, safely ignored (201)
        }
      }
      RecognizerParams updated = ch.params;
      try {
        updated = ch.params.with(request.headers(), requests::languageServed);
      } catch (Rejection r) {
        for (MrcpHeaders.Header h : r.echoed) {
          problems.add(r.status, h, r.getMessage());
        }
      }
      try {
        problems.throwIfAny();
      } catch (Rejection r) {
        log.info("{}: SET-PARAMS {} refused: {}", ch.id, request.requestId(), r.getMessage());
        connection.send(r.answer(request, false));
        return;
      }
      ch.params = updated;
      connection.send(
          MrcpResponse.to(
                  request,
                  ignored ? StatusCode.SUCCESS_WITH_IGNORE : StatusCode.SUCCESS,
                  RequestState.COMPLETE)
              .build());
    }
  }

  void getParams(MrcpRequest request, ControlConnection connection) {
    synchronized (ch.lock) {
      List<String> asked = new ArrayList<>();
      List<MrcpHeaders.Header> unsupported = new ArrayList<>();
      String vendorNames = "";
      for (MrcpHeaders.Header h : request.headers().all()) {
        String name = h.name().toLowerCase(Locale.ROOT);
        if (GENERIC.contains(name)) {
          continue;
        }
        if (RecognizerParams.settable(name)) {
          asked.add(h.name());
          if (name.equals("vendor-specific-parameters")) {
            vendorNames = h.value();
          }
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
      ch.params.get(asked, vendorNames).forEach(b::header);
      connection.send(b.build());
    }
  }

  // ---------------------------------------------------------------- GET-RESULT

  void getResult(MrcpRequest request, ControlConnection connection) {
    synchronized (ch.lock) {
      RecognizerRequests.LastResult l = ch.last;
      if (ch.state != RecognizerChannel.State.RECOGNIZED || l == null) {
        connection.send(
            RecognizerRequests.notInState(request)); // section 9.11: only after a recognition
        return;
      }
      RecognizerParams p;
      try {
        p = ch.params.with(request.headers(), requests::languageServed);
      } catch (Rejection r) {
        connection.send(r.answer(request, false));
        return;
      }
      NlsmlResult result = l.result();
      if (!l.nBest().isEmpty()) {
        List<Interpretation> again =
            l.recognition()
                .interpret(l.nBest(), p.fraction(RecognizerParams.CONFIDENCE_THRESHOLD), p.nBest());
        if (!again.isEmpty()) {
          result = new NlsmlResult(result == null ? null : result.grammar(), again);
        } else if (result != null && result.best().status() == InputStatus.MATCH) {
          result = NlsmlResult.noMatch(result.grammar(), l.nBest().get(0).text(), InputMode.SPEECH);
        }
      }
      MrcpResponse.Builder b =
          MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE)
              .header(RecognizerHeaders.COMPLETION_CAUSE, l.cause().toHeaderValue());
      if (result != null) {
        b.body(ch.support.nlsmlContentType(), NlsmlWriter.write(result, ch.support.dialect()));
      }
      connection.send(b.build());
    }
  }

  // ---------------------------------------------------------------- INTERPRET

  void interpret(MrcpRequest request, ControlConnection connection) {
    Optional<String> text = request.headers().get(RecognizerHeaders.INTERPRET_TEXT);
    if (text.isEmpty() || text.get().isBlank()) {
      connection.send(
          MrcpResponse.to(request, StatusCode.MANDATORY_HEADER_MISSING, RequestState.COMPLETE)
              .header(RecognizerHeaders.COMPLETION_REASON, "INTERPRET needs Interpret-Text")
              .build());
      return;
    }
    Grammars.Body body;
    try {
      body = Grammars.body(request);
    } catch (Grammars.Failure f) {
      connection.send(RecognizerRequests.failure(request, f));
      return;
    }
    String words = body.texts().getOrDefault(Grammars.stripAngles(text.get()), text.get());
    synchronized (ch.lock) {
      if (ch.busy()) {
        connection.send(RecognizerRequests.notInState(request)); // section 9.20
        return;
      }
      requests.whenResolved(
          body.items(),
          request,
          connection,
          list -> {
            if (list.isEmpty()) {
              connection.send(
                  RecognizerRequests.failure(
                      request,
                      new Grammars.Failure(
                          StatusCode.MANDATORY_HEADER_MISSING,
                          RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
                          "INTERPRET needs a grammar")));
              return;
            }
            connection.send(
                MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build());
            connection.send(interpretation(request, list, words));
          });
    }
  }

  /** INTERPRETATION-COMPLETE: the text against the grammars (speech, else as DTMF keys). */
  private MrcpEvent interpretation(MrcpRequest request, List<ActiveGrammar> list, String words) {
    Interpretation found = null;
    for (ActiveGrammar g : list) {
      GrammarMatcher.Match m = g.matchSpeech(words);
      InputMode mode = InputMode.SPEECH;
      if (!m.complete()) {
        m = g.matchDtmf(words.replaceAll("\\s+", ""));
        mode = InputMode.DTMF;
      }
      if (m.complete()) {
        found =
            new Interpretation(
                g.name(),
                1f,
                m.semantic().text(),
                m.semantic().xml(),
                words,
                mode,
                InputStatus.MATCH);
        break;
      }
    }
    String grammar = list.get(0).name();
    NlsmlResult result =
        found != null
            ? new NlsmlResult(grammar, List.of(found))
            : NlsmlResult.noMatch(grammar, words, InputMode.SPEECH);
    RecognizerCompletionCause cause =
        found != null ? RecognizerCompletionCause.SUCCESS : RecognizerCompletionCause.NO_MATCH;
    return MrcpEvent.builder()
        .name(MrcpEventName.INTERPRETATION_COMPLETE)
        .requestId(request.requestId())
        .state(RequestState.COMPLETE)
        .channelId(ch.id)
        .header(RecognizerHeaders.COMPLETION_CAUSE, cause.toHeaderValue())
        .body(ch.support.nlsmlContentType(), NlsmlWriter.write(result, ch.support.dialect()))
        .build();
  }

  private final RecognizerChannel ch;
  private final RecognizerRequests requests;

  RecognizerQueries(RecognizerChannel channel, RecognizerRequests requests) {
    this.ch = channel;
    this.requests = requests;
  }
}
