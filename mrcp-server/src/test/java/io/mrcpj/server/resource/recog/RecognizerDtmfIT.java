package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.InputStatus;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DTMF recognition (RFC 6787 sections 9.4.17-9.4.19, 9.4.31-9.4.32): keys arrive through the
 * channel's AudioSink as the RTP pipeline delivers them (RFC 4733 or in-band tones).
 */
class RecognizerDtmfIT extends RecognizerTestBase {

  private MrcpRequest start(MrcpRequest req) throws InterruptedException {
    channel.onRequest(req, line);
    assertInProgress(req);
    return req;
  }

  private void keys(String keys) {
    for (char k : keys.toCharArray()) {
      channel.onDtmf(k);
    }
  }

  private static Interpretation best(MrcpEvent e) throws Exception {
    return NlsmlReader.read(e.body()).best();
  }

  @Test
  void fourDigitsCompleteAFourDigitGrammarAtOnce() throws Exception {
    MrcpRequest req = start(recognize(uriList("builtin:dtmf/digits?length=4")));
    keys("1234");
    MrcpEvent start = line.nextEvent();
    assertThat(start.name()).isEqualTo(MrcpEventName.START_OF_INPUT);
    assertThat(start.headers().get(RecognizerHeaders.INPUT_TYPE)).contains("dtmf");
    assertThat(start.headers().contains("Proxy-Sync-Id")).isTrue();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    Interpretation i = best(done);
    assertThat(i.mode()).isEqualTo(InputMode.DTMF);
    assertThat(i.input()).isEqualTo("1 2 3 4");
    assertThat(i.instance()).isEqualTo("1234");
    assertThat(i.grammar()).isEqualTo("builtin:dtmf/digits?length=4");
    assertThat(channel.openStreams()).as("no engine stream for DTMF only").isZero();
  }

  @Test
  void theTermCharEndsTheInputAndIsNotPartOfIt() throws Exception {
    MrcpRequest req =
        start(
            recognize(uriList("builtin:dtmf/digits")).toBuilder()
                .header("DTMF-Term-Char", "#")
                .build());
    keys("12#");
    line.nextEvent(); // START-OF-INPUT
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("12");
  }

  @Test
  void aCompleteInputWaitsTheTermTimeoutForTheTermChar() throws Exception {
    MrcpRequest req =
        start(
            recognize(uriList("builtin:dtmf/digits?length=4")).toBuilder()
                .header("DTMF-Term-Char", "#")
                .header("DTMF-Term-Timeout", "400")
                .build());
    long t0 = System.nanoTime();
    keys("1234");
    line.nextEvent();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("1234");
    assertThat((System.nanoTime() - t0) / 1e6)
        .as("ms: no term char came, so the term timeout ended it")
        .isBetween(350.0, 2000.0);
  }

  @Test
  void theInterdigitTimeoutEndsAnInputThatCouldGoOn() throws Exception {
    MrcpRequest req =
        start(
            recognize(uriList("builtin:dtmf/digits?minlength=2;maxlength=6")).toBuilder()
                .header("DTMF-Interdigit-Timeout", "300")
                .build());
    long t0 = System.nanoTime();
    keys("123");
    line.nextEvent();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("123");
    assertThat((System.nanoTime() - t0) / 1e6)
        .as("ms until the interdigit timeout")
        .isBetween(250.0, 2000.0);
  }

  @Test
  void tooFewKeysAtTheInterdigitTimeoutAndAWrongKeyAreNoMatches() throws Exception {
    MrcpRequest short1 =
        start(
            recognize(uriList("builtin:dtmf/digits?length=4")).toBuilder()
                .header("DTMF-Interdigit-Timeout", "200")
                .build());
    keys("12");
    line.nextEvent();
    MrcpEvent e1 = line.nextEvent();
    assertComplete(e1, short1, RecognizerCompletionCause.NO_MATCH);
    assertThat(best(e1).status()).isEqualTo(InputStatus.NOMATCH);
    assertThat(best(e1).input()).isEqualTo("1 2");

    MrcpRequest wrong = start(recognize(uriList("builtin:dtmf/digits?length=4")));
    keys("12*");
    line.nextEvent();
    assertComplete(line.nextEvent(), wrong, RecognizerCompletionCause.NO_MATCH);
  }

  @Test
  void keysPressedBeforeRecognizeAreTypeAheadUnlessCleared() throws Exception {
    keys("98");
    MrcpRequest req = start(recognize(uriList("builtin:dtmf/digits?length=2")));
    line.nextEvent();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("98");

    keys("77");
    MrcpRequest cleared =
        start(
            recognize(uriList("builtin:dtmf/digits?length=2")).toBuilder()
                .header("Clear-DTMF-Buffer", "true")
                .header("No-Input-Timeout", "300")
                .build());
    feedSilenceUntilComplete();
    assertComplete(line.nextEvent(), cleared, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
  }

  @Test
  void anSrgsDtmfGrammarGivesItsTagValue() throws Exception {
    String menu =
        """
        <?xml version="1.0"?>
        <grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" mode="dtmf" root="m">
          <rule id="m"><one-of>
            <item>1<tag>out="sales"</tag></item>
            <item>2<tag>out="support"</tag></item>
            <item>9 9<tag>out.dept="operator"</tag></item>
          </one-of></rule>
        </grammar>
        """;
    MrcpRequest req = start(recognize(srgsXml(menu)));
    keys("99");
    line.nextEvent();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, req, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("<dept>operator</dept>");
    assertThat(done.bodyAsString()).contains("<instance><dept>operator</dept></instance>");
  }

  @Test
  void aMixedGrammarTakesDtmfOrSpeechWhicheverComesFirst() throws Exception {
    MrcpRequest byKey = start(recognize(uriList("builtin:grammar/boolean")));
    assertThat(channel.openStreams()).as("it listens to speech too").isEqualTo(1);
    keys("1");
    line.nextEvent();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, byKey, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("true");
    assertThat(best(done).mode()).isEqualTo(InputMode.DTMF);
    assertThat(channel.openStreams()).as("the speech stream closed when DTMF won").isZero();

    MrcpRequest bySpeech = start(recognize(uriList("builtin:grammar/boolean")));
    feedSpeechThenSilence("yes");
    assertThat(line.nextEvent().headers().get(RecognizerHeaders.INPUT_TYPE)).contains("speech");
    MrcpEvent spoken = line.nextEvent();
    assertComplete(spoken, bySpeech, RecognizerCompletionCause.SUCCESS);
    assertThat(best(spoken).instance()).isEqualTo("true");
    assertThat(best(spoken).mode()).isEqualTo(InputMode.SPEECH);
  }

  @Test
  void speechOnlyGrammarsLeaveKeysInTheTypeAheadBuffer() throws Exception {
    MrcpRequest speech =
        start(
            recognize(uriList("builtin:speech/transcribe")).toBuilder()
                .header("No-Input-Timeout", "300")
                .build());
    keys("42");
    feedSilenceUntilComplete();
    assertComplete(line.nextEvent(), speech, RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    MrcpRequest dtmf = start(recognize(uriList("builtin:dtmf/digits?length=2")));
    line.nextEvent();
    MrcpEvent done = line.nextEvent();
    assertComplete(done, dtmf, RecognizerCompletionCause.SUCCESS);
    assertThat(best(done).instance()).isEqualTo("42");
  }

  @Test
  void theRecognitionTimeoutStartsWithTheFirstKey() throws Exception {
    MrcpRequest req =
        start(
            recognize(uriList("builtin:dtmf/digits?minlength=6")).toBuilder()
                .header("Recognition-Timeout", "400")
                .header("DTMF-Interdigit-Timeout", "5000")
                .build());
    feedSilenceFor(Duration.ofMillis(600)); // longer than the timeout, but no input yet
    assertThat(channel.recognizing()).isTrue();
    keys("12");
    line.nextEvent();
    assertComplete(line.nextEvent(), req, RecognizerCompletionCause.NO_MATCH_MAXTIME);
  }
}
