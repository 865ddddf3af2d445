package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SET-PARAMS, GET-PARAMS, GET-RESULT, INTERPRET, the RECOGNIZE queue and STOP (RFC 6787 sections
 * 6.1, 9.4.27, 9.10, 9.11, 9.20) on a real channel with the real engine.
 */
class RecognizerMethodsIT extends RecognizerTestBase {

  private MrcpResponse send(MrcpRequest r) throws InterruptedException {
    channel.onRequest(r, line);
    MrcpResponse resp = line.nextResponse();
    assertThat(resp.requestId()).isEqualTo(r.requestId());
    return resp;
  }

  // ------------------------------------------------------------------ SET-PARAMS / GET-PARAMS

  @Test
  void setParamsThenGetParamsGivesTheValuesBack() throws Exception {
    MrcpResponse set =
        send(
            request(MrcpMethod.SET_PARAMS)
                .header("Confidence-Threshold", "0.7")
                .header("No-Input-Timeout", "3000")
                .header("Vendor-Specific-Parameters", "com.example.a=1;com.example.b=\"x y\"")
                .build());
    assertThat(set.status().code()).isEqualTo(200);
    MrcpResponse get =
        send(
            request(MrcpMethod.GET_PARAMS)
                .header("Confidence-Threshold", "")
                .header("No-Input-Timeout", "")
                .header("Vendor-Specific-Parameters", "com.example.b")
                .build());
    assertThat(get.status().code()).isEqualTo(200);
    assertThat(get.headers().get("Confidence-Threshold")).contains("0.7");
    assertThat(get.headers().get("No-Input-Timeout")).contains("3000");
    assertThat(get.headers().get("Vendor-Specific-Parameters")).contains("com.example.b=\"x y\"");
    assertThat(get.headers().contains("Speech-Language")).as("only what was asked").isFalse();

    MrcpResponse all = send(request(MrcpMethod.GET_PARAMS).build());
    assertThat(all.headers().get("Speech-Language")).contains("en-US");
    assertThat(all.headers().get("N-Best-List-Length")).contains("1");
    assertThat(all.headers().get("Recognition-Timeout")).contains("10000");
    assertThat(all.headers().get("DTMF-Interdigit-Timeout")).contains("5000");
  }

  @Test
  void setParamsErrorsFollowTheRfcsPrecedenceAndEchoTheHeaders() throws Exception {
    MrcpResponse illegal =
        send(
            request(MrcpMethod.SET_PARAMS)
                .header("Confidence-Threshold", "abc")
                .header("Input-Waveform-URI", "http://x/a.wav")
                .header("Speech-Language", "de-DE")
                .build());
    assertThat(illegal.status().code()).as("404 before 403 before 409").isEqualTo(404);
    assertThat(illegal.headers().get("Confidence-Threshold")).contains("abc");
    assertThat(illegal.headers().contains("Speech-Language")).isFalse();

    MrcpResponse unsupported =
        send(
            request(MrcpMethod.SET_PARAMS)
                .header("Input-Waveform-URI", "http://x/a.wav")
                .header("Speech-Language", "de-DE")
                .build());
    assertThat(unsupported.status().code()).isEqualTo(403);
    assertThat(unsupported.headers().get("Input-Waveform-URI")).contains("http://x/a.wav");

    MrcpResponse value =
        send(request(MrcpMethod.SET_PARAMS).header("Speech-Language", "de-DE").build());
    assertThat(value.status().code()).isEqualTo(409);
    assertThat(value.headers().get("Speech-Language")).contains("de-DE");

    // nothing of the refused requests was applied
    MrcpResponse get =
        send(request(MrcpMethod.GET_PARAMS).header("Confidence-Threshold", "").build());
    assertThat(get.headers().get("Confidence-Threshold")).contains("0.5");
  }

  @Test
  void anUnknownHeaderIsIgnoredWith201AndPercentagesAreRead() throws Exception {
    MrcpResponse r =
        send(
            request(MrcpMethod.SET_PARAMS)
                .header("X-Vendor-Thing", "on")
                .header("Sensitivity-Level", "80")
                .build());
    assertThat(r.status().code()).isEqualTo(201);
    MrcpResponse get = send(request(MrcpMethod.GET_PARAMS).header("Sensitivity-Level", "").build());
    assertThat(get.headers().get("Sensitivity-Level")).contains("0.8");
    MrcpResponse unknown =
        send(request(MrcpMethod.GET_PARAMS).header("Recognizer-Context-Block", "").build());
    assertThat(unknown.status().code()).isEqualTo(403);
    assertThat(unknown.headers().contains("Recognizer-Context-Block")).isTrue();
  }

  @Test
  void sessionParametersApplyToTheNextRecognize() throws Exception {
    send(request(MrcpMethod.SET_PARAMS).header("No-Input-Timeout", "300").build());
    MrcpRequest req = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(req, line);
    assertInProgress(req);
    long t0 = System.nanoTime();
    feedSilenceUntilComplete();
    assertComplete(line.nextEvent(), req, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    assertThat((System.nanoTime() - t0) / 1e6).isBetween(250.0, 1500.0);
  }

  // ------------------------------------------------------------------ GET-RESULT

  @Test
  void getResultIsOnlyValidAfterARecognitionAndRecomputesWithNewConstraints() throws Exception {
    assertThat(send(request(MrcpMethod.GET_RESULT).build()).status().code()).isEqualTo(402);
    MrcpRequest req = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(req, line);
    assertInProgress(req);
    feedSpeechThenSilence("four-five-six-one");
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    assertComplete(line.nextEvent(), req, RecognizerCompletionCause.SUCCESS);
    assertThat(channel.state()).isEqualTo(RecognizerChannel.State.RECOGNIZED);

    MrcpResponse again = send(request(MrcpMethod.GET_RESULT).build());
    assertThat(again.status().code()).isEqualTo(200);
    assertThat(cause(again)).isEqualTo(RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(again.body()).best().input()).isEqualTo("four five six one");

    MrcpResponse strict =
        send(request(MrcpMethod.GET_RESULT).header("Confidence-Threshold", "1.0").build());
    NlsmlResult none = NlsmlReader.read(strict.body());
    assertThat(none.best().status()).as("nothing is that sure").isEqualTo(InputStatus.NOMATCH);

    send(request(MrcpMethod.STOP).build()); // section 9.1: recognized -> idle
    assertThat(send(request(MrcpMethod.GET_RESULT).build()).status().code()).isEqualTo(402);
  }

  // ------------------------------------------------------------------ INTERPRET

  @Test
  void interpretMatchesTextAgainstTheGrammars() throws Exception {
    MrcpRequest yes =
        request(MrcpMethod.INTERPRET)
            .header("Interpret-Text", "yes")
            .body("application/srgs+xml", YES_NO_XML)
            .build();
    MrcpResponse r = send(yes);
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.state()).isEqualTo(RequestState.IN_PROGRESS);
    MrcpEvent done = line.nextEvent();
    assertThat(done.name()).isEqualTo(MrcpEventName.INTERPRETATION_COMPLETE);
    assertThat(done.requestId()).isEqualTo(yes.requestId());
    assertThat(cause(done)).isEqualTo(RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(done.body()).best().instance()).isEqualTo("yes");

    MrcpRequest maybe =
        request(MrcpMethod.INTERPRET)
            .header("Interpret-Text", "maybe later")
            .body("text/uri-list", "builtin:grammar/boolean")
            .build();
    send(maybe);
    MrcpEvent no = line.nextEvent();
    assertThat(cause(no)).isEqualTo(RecognizerCompletionCause.NO_MATCH);

    MrcpResponse missing =
        send(
            request(MrcpMethod.INTERPRET).body("text/uri-list", "builtin:grammar/boolean").build());
    assertThat(missing.status().code()).isEqualTo(406);
  }

  @Test
  void interpretWhileRecognizingIsNotValidInState() throws Exception {
    MrcpRequest req = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(req, line);
    assertInProgress(req);
    MrcpResponse r =
        send(
            request(MrcpMethod.INTERPRET)
                .header("Interpret-Text", "yes")
                .body("text/uri-list", "builtin:grammar/boolean")
                .build());
    assertThat(r.status().code()).isEqualTo(402);
  }

  // ------------------------------------------------------------------ the queue

  @Test
  void aQueuedRecognizeRunsWhenTheFirstSucceeds() throws Exception {
    MrcpRequest first = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(first, line);
    assertInProgress(first);
    MrcpRequest second = recognize(uriList("builtin:speech/transcribe"));
    assertThat(send(second).state()).isEqualTo(RequestState.PENDING);

    feedSpeechThenSilence("yes");
    assertThat(line.nextEvent().name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    assertComplete(line.nextEvent(), first, RecognizerCompletionCause.SUCCESS);
    assertThat(channel.recognizing()).as("the queued one runs now").isTrue();

    line.reset();
    feedSpeechThenSilence("four-five-six-one");
    MrcpEvent start = line.nextEvent();
    assertThat(start.requestId()).isEqualTo(second.requestId());
    MrcpEvent done = line.nextEvent();
    assertComplete(done, second, RecognizerCompletionCause.SUCCESS);
    assertThat(NlsmlReader.read(done.body()).best().input()).isEqualTo("four five six one");
  }

  @Test
  void queuedRecognizesAreCancelledWhenTheActiveOneFails() throws Exception {
    MrcpRequest first =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("No-Input-Timeout", "300")
            .build();
    channel.onRequest(first, line);
    assertInProgress(first);
    MrcpRequest second = recognize(uriList("builtin:speech/transcribe"));
    send(second);
    feedSilenceUntilComplete();
    assertComplete(line.nextEvent(), first, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    assertComplete(line.nextEvent(), second, RecognizerCompletionCause.CANCELLED);
    assertThat(channel.recognizing()).isFalse();
  }

  @Test
  void cancelIfQueueLetsTheNewRecognizeReplaceTheRunningOne() throws Exception {
    MrcpRequest first =
        recognize(uriList("builtin:speech/transcribe")).toBuilder()
            .header("Cancel-If-Queue", "true")
            .build();
    channel.onRequest(first, line);
    assertInProgress(first);
    MrcpRequest second = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(second, line);
    assertComplete(line.nextEvent(), first, RecognizerCompletionCause.CANCELLED);
    assertInProgress(second);
  }

  @Test
  void stopEndsTheActiveAndTheQueuedOnesAndCanNameOnlySome() throws Exception {
    MrcpRequest first = recognize(uriList("builtin:speech/transcribe"));
    channel.onRequest(first, line);
    assertInProgress(first);
    MrcpRequest second = recognize(uriList("builtin:speech/transcribe"));
    MrcpRequest third = recognize(uriList("builtin:speech/transcribe"));
    send(second);
    send(third);

    MrcpResponse some =
        send(
            request(MrcpMethod.STOP)
                .header(GenericHeaders.ACTIVE_REQUEST_ID_LIST, List.of(second.requestId()))
                .build());
    assertThat(some.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).orElseThrow())
        .containsExactly(second.requestId());
    assertThat(channel.recognizing()).isTrue();

    MrcpResponse all = send(request(MrcpMethod.STOP).build());
    assertThat(all.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).orElseThrow())
        .containsExactlyInAnyOrder(first.requestId(), third.requestId());
    assertThat(channel.recognizing()).isFalse();
    assertThat(channel.state()).isEqualTo(RecognizerChannel.State.IDLE);
    feedSilenceFor(java.time.Duration.ofMillis(400));
    assertThat(line.queue).as("no events for stopped requests").isEmpty();
  }

  @Test
  void definedGrammarsCanBeClearedWithAnEmptyBody() throws Exception {
    MrcpResponse d =
        send(
            request(MrcpMethod.DEFINE_GRAMMAR)
                .header(GenericHeaders.CONTENT_ID, "<g@x>")
                .body("application/srgs+xml", YES_NO_XML)
                .build());
    assertThat(d.status().code()).isEqualTo(200);
    assertThat(cause(d)).isEqualTo(RecognizerCompletionCause.SUCCESS);
    MrcpResponse cleared =
        send(request(MrcpMethod.DEFINE_GRAMMAR).header(GenericHeaders.CONTENT_ID, "g@x").build());
    assertThat(cleared.status().code()).isEqualTo(200);
    MrcpResponse r = send(recognize(uriList("session:g@x")));
    assertThat(r.status().code()).isEqualTo(407);
    assertThat(r.headers().get(RecognizerHeaders.COMPLETION_REASON).orElseThrow()).contains("g@x");
  }
}
