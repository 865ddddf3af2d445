package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.vosk.VoskEngine;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.nlsml.InputStatus;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The recognizer channel with the real Vosk engine on real speech (flite WAVs of asr-vosk), fed in
 * 20 ms chunks like RTP delivers them, then kept alive with silence like a live line.
 */
class RecognizerChannelIT extends RecognizerTestBase {

  // ------------------------------------------------------------------ recognition

  @Test
  void transcribesDigitsWithTheBuiltinTranscriptionGrammar() throws Exception {
    MrcpRequest req = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(req, line);
    assertInProgress(req);

    feedSpeechThenSilence("four-five-six-one");

    MrcpEvent start = line.nextEvent();
    assertThat(start.name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    assertThat(start.requestId()).isEqualTo(req.requestId());
    assertThat(start.state()).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(start.headers().get(RecognizerHeaders.INPUT_TYPE)).contains("speech");
    assertThat(start.channelId()).contains(id);

    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(done.contentType()).contains(NlsmlResult.CONTENT_TYPE);
    NlsmlResult result = NlsmlReader.read(done.body());
    assertThat(result.best().status()).isEqualTo(InputStatus.MATCH);
    assertThat(result.best().input()).isEqualTo("four five six one");
    assertThat(result.best().instance()).isEqualTo("four five six one");
    assertThat(channel.recognizing()).isFalse();
  }

  @Test
  void inlineGrammarMatchesYes() throws Exception {
    MrcpRequest req = recognize(srgsXml(YES_NO_XML));
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSpeechThenSilence("yes");

    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    NlsmlResult result = NlsmlReader.read(done.body());
    assertThat(result.best().input()).isEqualTo("yes");
    assertThat(result.best().instance()).isEqualTo("yes");
  }

  @Test
  void speechOutsideTheGrammarIsNoMatch() throws Exception {
    MrcpRequest req = recognize(srgsXml(YES_NO_XML));
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSpeechThenSilence("seven-three-nine-two");

    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.NO_MATCH);
    assertThat(NlsmlReader.read(done.body()).best().status()).isEqualTo(InputStatus.NOMATCH);
  }

  @Test
  void definedGrammarIsUsedThroughSessionUri() throws Exception {
    MrcpRequest define =
        request(MrcpMethod.DEFINE_GRAMMAR)
            .header(GenericHeaders.CONTENT_ID, "<answers>")
            .body(
                "application/srgs", "#ABNF 1.0;\nlanguage en-US;\nroot $a;\npublic $a = yes | no;")
            .build();
    channel.onRequest(define, line);
    MrcpResponse defined = line.nextResponse();
    assertThat(defined.status().code()).isEqualTo(200);
    assertThat(defined.state()).isEqualTo(RequestState.COMPLETE);
    assertThat(cause(defined)).isEqualTo(RecognizerCompletionCause.SUCCESS);

    MrcpRequest req = recognize(uriList("# comment\n\nsession:answers\n"));
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSpeechThenSilence("yes");
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    NlsmlResult result = NlsmlReader.read(done.body());
    assertThat(result.best().input()).isEqualTo("yes");
    assertThat(result.best().grammar()).isEqualTo("session:answers");
  }

  @Test
  void severalGrammarsAreUnitedAndTheMatchingOneIsNamed() throws Exception {
    define("digits", "#ABNF 1.0;\nlanguage en-US;\nroot $d;\npublic $d = one | two | three;");
    define("answers", "#ABNF 1.0;\nlanguage en-US;\nroot $a;\npublic $a = yes {out=\"Y\"} | no;");
    MrcpRequest req = recognize(uriList("session:digits\nsession:<answers>\n"));
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSpeechThenSilence("yes");
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    NlsmlResult result = NlsmlReader.read(done.body());
    assertThat(result.best().grammar()).isEqualTo("session:answers");
    assertThat(result.best().input()).isEqualTo("yes");
    assertThat(result.best().instance()).isEqualTo("Y");
  }

  private void define(String contentId, String abnf) throws InterruptedException {
    channel.onRequest(
        request(MrcpMethod.DEFINE_GRAMMAR)
            .header(GenericHeaders.CONTENT_ID, contentId)
            .body("application/srgs", abnf)
            .build(),
        line);
    assertThat(line.nextResponse().status().code()).isEqualTo(200);
  }

  @Test
  void unknownSessionGrammarIsALoadFailure() throws Exception {
    MrcpRequest req = recognize(uriList("session:nobody-defined-this"));
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.status().code()).isEqualTo(407);
    assertThat(r.state()).isEqualTo(RequestState.COMPLETE);
    assertThat(cause(r)).isEqualTo(RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE);
    assertThat(channel.recognizing()).isFalse();
  }

  @Test
  void aGrammarUriWithoutAFetcherIsAUriFailureNamingTheUri() throws Exception {
    MrcpRequest req = recognize(uriList("http://example.com/g.grxml"));
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.status().code()).isEqualTo(407);
    assertThat(cause(r)).isEqualTo(RecognizerCompletionCause.URI_FAILURE);
    assertThat(r.headers().get(RecognizerHeaders.FAILED_URI))
        .contains("http://example.com/g.grxml");
    assertThat(r.headers().get(RecognizerHeaders.FAILED_URI_CAUSE)).isPresent();
  }

  @Test
  void builtinBooleanGivesItsSemanticValue() throws Exception {
    MrcpRequest req = recognize(uriList("builtin:speech/boolean"));
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSpeechThenSilence("yes");
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    NlsmlResult result = NlsmlReader.read(done.body());
    assertThat(result.best().input()).isEqualTo("yes");
    assertThat(result.best().instance()).isEqualTo("true");
  }

  // ------------------------------------------------------------------ timers

  @Test
  void silenceEndsWithNoInputTimeout() throws Exception {
    MrcpRequest req =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("No-Input-Timeout", "500")
            .build();
    long start = System.nanoTime();
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSilenceUntilComplete();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    assertThat(tookMillis).isBetween(450L, 2000L);
    assertThat(NlsmlReader.read(done.body()).best().status()).isEqualTo(InputStatus.NOINPUT);
    assertThat(line.sent).noneMatch(RecognizerChannelIT::isStartOfInput);
  }

  @Test
  void heldInputTimersStartWithStartInputTimers() throws Exception {
    MrcpRequest req =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("No-Input-Timeout", "300")
            .header("Start-Input-Timers", "false")
            .build();
    channel.onRequest(req, line);
    assertInProgress(req);
    // Held: a second of silence is no no-input timeout.
    feedSilenceFor(Duration.ofSeconds(1));
    assertThat(line.queue).isEmpty();
    assertThat(channel.recognizing()).isTrue();

    MrcpRequest timersReq = request(MrcpMethod.START_INPUT_TIMERS).build();
    channel.onRequest(timersReq, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.requestId()).isEqualTo(timersReq.requestId());
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.state()).isEqualTo(RequestState.COMPLETE);
    feedSilenceUntilComplete();
    assertComplete(line.nextEvent(), req, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
  }

  @Test
  void recognitionTimeoutEndsLongSpeechWithAMaxtimeCause() throws Exception {
    MrcpRequest req =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("Recognition-Timeout", "400")
            .build();
    channel.onRequest(req, line);
    assertInProgress(req);
    // Real time here: the timer runs on the wall clock.
    short[] pcm = pcm("four-five-six-one");
    for (int off = 0; off < pcm.length && line.completion() == null; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, pcm.length - off));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    feedSilenceUntilComplete();
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertThat(cause(done))
        .isIn(
            RecognizerCompletionCause.SUCCESS_MAXTIME, RecognizerCompletionCause.NO_MATCH_MAXTIME);
    if (cause(done) == RecognizerCompletionCause.SUCCESS_MAXTIME) {
      // Cut after about 0.4 s of speech: not the whole number.
      assertThat(NlsmlReader.read(done.body()).best().input()).isNotEqualTo("four five six one");
    }
  }

  @Test
  void audioStoppingMidSpeechEndsTheUtterance() throws Exception {
    MrcpRequest req = recognize(srgsXml(YES_NO_XML));
    channel.onRequest(req, line);
    assertInProgress(req);
    short[] pcm = pcm("yes");
    int end = pcm.length;
    while (end > 0 && pcm[end - 1] == 0) {
      end--; // no trailing silence: the caller stops sending RTP right after the word
    }
    for (int off = 0; off < end; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, end - off));
    }
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(done.body()).best().input()).isEqualTo("yes");
  }

  // ------------------------------------------------------------------ STOP, state, errors

  @Test
  void stopEndsTheRecognitionWithoutACompletionAndTheChannelIsReusable() throws Exception {
    MrcpRequest req = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(req, line);
    assertInProgress(req);
    short[] pcm = pcm("four-five-six-one");
    int half = pcm.length / 2;
    for (int off = 0; off < half; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, half - off));
    }
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);

    MrcpRequest stop = request(MrcpMethod.STOP).build();
    channel.onRequest(stop, line);
    MrcpResponse stopped = line.nextResponse();
    assertThat(stopped.requestId()).isEqualTo(stop.requestId());
    assertThat(stopped.status().code()).isEqualTo(200);
    assertThat(stopped.state()).isEqualTo(RequestState.COMPLETE);
    assertThat(stopped.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST))
        .contains(List.of(req.requestId()));
    assertThat(channel.recognizing()).isFalse();

    // The rest of the utterance still arrives; nothing may come of the stopped recognition.
    for (int off = half; off < pcm.length; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, pcm.length - off));
    }
    assertThat(line.queue.poll(1, TimeUnit.SECONDS)).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> channel.openStreams() == 0);

    MrcpRequest again = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(again, line);
    assertInProgress(again);
    feedSpeechThenSilence("four-five-six-one");
    assertThat(line.nextEvent().requestId()).isEqualTo(again.requestId());
    MrcpEvent done = line.nextEvent();
    assertComplete(done, again, RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(done.body()).best().input()).isEqualTo("four five six one");
  }

  @Test
  void stopWhileIdleHasNoActiveRequestIdList() throws Exception {
    channel.onRequest(request(MrcpMethod.STOP).build(), line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().contains(GenericHeaders.ACTIVE_REQUEST_ID_LIST)).isFalse();
  }

  @Test
  void aSecondRecognizeIsQueuedPendingAndDefineGrammarWaitsForIdle() throws Exception {
    MrcpRequest first = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(first, line);
    assertInProgress(first);
    MrcpRequest second = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(second, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.requestId()).isEqualTo(second.requestId());
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.state()).isEqualTo(RequestState.PENDING);

    MrcpRequest define =
        request(MrcpMethod.DEFINE_GRAMMAR)
            .header(GenericHeaders.CONTENT_ID, "later")
            .body("application/srgs+xml", YES_NO_XML)
            .build();
    channel.onRequest(define, line);
    assertThat(line.nextResponse().status().code()).isEqualTo(402);
    assertThat(channel.recognizing()).isTrue();
  }

  @Test
  void badGrammarIsACompilationFailure() throws Exception {
    MrcpRequest req = recognize(srgsXml("<grammar root=\"x\"><rule id=\"y\">"));
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.status().code()).isEqualTo(407);
    assertThat(cause(r)).isEqualTo(RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE);
    assertThat(r.headers().get(RecognizerHeaders.COMPLETION_REASON)).isPresent();

    MrcpRequest define =
        request(MrcpMethod.DEFINE_GRAMMAR)
            .header(GenericHeaders.CONTENT_ID, "broken")
            .body("application/srgs", "#ABNF 1.0; root $a; public $a = (yes | ;")
            .build();
    channel.onRequest(define, line);
    MrcpResponse d = line.nextResponse();
    assertThat(d.status().code()).isEqualTo(407);
    assertThat(cause(d)).isEqualTo(RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE);
  }

  @Test
  void defineGrammarWithoutContentIdIsMissingAMandatoryHeader() throws Exception {
    channel.onRequest(
        request(MrcpMethod.DEFINE_GRAMMAR).body("application/srgs+xml", YES_NO_XML).build(), line);
    assertThat(line.nextResponse().status().code()).isEqualTo(406);
  }

  @Test
  void illegalHeaderValueIs404() throws Exception {
    MrcpRequest req =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("No-Input-Timeout", "abc")
            .build();
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.status().code()).isEqualTo(404);
    assertThat(r.headers().get("No-Input-Timeout")).contains("abc");
    assertThat(channel.recognizing()).isFalse();
  }

  @Test
  void unsupportedLanguageIsRefused() throws Exception {
    MrcpRequest req =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("Speech-Language", "de-DE")
            .build();
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.status().code()).isEqualTo(407);
    assertThat(cause(r)).isEqualTo(RecognizerCompletionCause.LANGUAGE_UNSUPPORTED);
  }

  @Test
  void methodsNotImplementedAreAnsweredNotDropped() throws Exception {
    MrcpRequest req = request(MrcpMethod.START_PHRASE_ENROLLMENT).build();
    channel.onRequest(req, line);
    MrcpResponse r = line.nextResponse();
    assertThat(r.requestId()).isEqualTo(req.requestId());
    assertThat(r.status().code()).isEqualTo(401);
    assertThat(r.state()).isEqualTo(RequestState.COMPLETE);
  }

  @Test
  void closeMidRecognitionReleasesEverythingSilently() throws Exception {
    MrcpRequest req = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(req, line);
    assertInProgress(req);
    short[] pcm = pcm("four-five-six-one");
    for (int off = 0; off < pcm.length; off += CHUNK) {
      channel.onAudio(pcm, off, Math.min(CHUNK, pcm.length - off));
    }
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    assertThat(((VoskEngine) engine).activeStreams()).isEqualTo(1);

    channel.close();
    channel.close(); // idempotent
    assertThat(channel.recognizing()).isFalse();
    assertThat(channel.pendingTimers()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> ((VoskEngine) engine).activeStreams() == 0);
    feedSilenceFor(Duration.ofMillis(1000));
    assertThat(line.queue).isEmpty();
  }
}
