package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.sdp.RtpCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What FreeSWITCH's mod_unimrcp does to a recognizer (../shared/interop/mod_unimrcp and its
 * README), end to end over SIP, MRCP and RTP: an offer of PCMU PCMA L16/96/8000 without
 * telephone-event, so DTMF arrives as tones in the audio; play_and_detect_speech's
 * Start-Input-Timers: false while the prompt plays, then START-INPUT-TIMERS; barge-in by speech.
 */
class FreeswitchPatternsIT {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(33700);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  /** A client that offers what FreeSWITCH's usual profile offers. */
  private static MrcpClient freeswitchLike() throws MrcpClientException {
    return server
        .client()
        .codecs(List.of(RtpCodec.PCMU, RtpCodec.PCMA, RtpCodec.L16_8K.withPayloadType(96)))
        .telephoneEvent(false)
        .build();
  }

  @Test
  void inBandToneDigitsAreRecognizedWhenNoTelephoneEventIsNegotiated() throws Exception {
    try (MrcpClient client = freeswitchLike();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      assertThat(s.telephoneEvent()).isEmpty();
      CompletableFuture<RecognitionResult> r =
          s.recognize(
              RecognizeRequest.builder()
                  .grammar(Grammar.uri("builtin:dtmf/digits?length=4"))
                  .build());
      s.sendDtmf("4071", DtmfMode.INBAND).get(10, TimeUnit.SECONDS);
      RecognitionResult result = r.get(10, TimeUnit.SECONDS);
      assertThat(result.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(result.best().orElseThrow().instance()).isEqualTo("4071");
      assertThat(result.best().orElseThrow().mode()).isEqualTo(InputMode.DTMF);
    }
  }

  @Test
  void rfc4733DigitsEndWithTheTermChar() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      assertThat(s.telephoneEvent()).isPresent();
      CompletableFuture<RecognitionResult> r =
          s.recognize(
              RecognizeRequest.builder()
                  .grammar(Grammar.uri("builtin:dtmf/digits"))
                  .header("DTMF-Term-Char", "#")
                  .build());
      s.sendDtmf("5309#", DtmfMode.RFC4733).get(10, TimeUnit.SECONDS);
      RecognitionResult result = r.get(10, TimeUnit.SECONDS);
      assertThat(result.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(result.best().orElseThrow().instance()).isEqualTo("5309");
    }
  }

  @Test
  void heldTimersWaitForStartInputTimersWhileThePromptPlays() throws Exception {
    try (MrcpClient client = freeswitchLike();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      CompletableFuture<RecognitionResult> r =
          s.recognize(
              RecognizeRequest.builder()
                  .grammar(Grammar.uri("builtin:grammar/boolean"))
                  .startInputTimers(false)
                  .noInputTimeout(Duration.ofMillis(500))
                  .build());
      Thread.sleep(1500); // the prompt plays; the no-input timer must not run yet
      assertThat(r).isNotDone();
      long sent = System.nanoTime();
      assertThat(s.startInputTimers().get(5, TimeUnit.SECONDS).status().code()).isEqualTo(200);
      RecognitionResult result = r.get(10, TimeUnit.SECONDS);
      assertThat(result.cause()).isEqualTo(RecognizerCompletionCause.NO_INPUT_TIMEOUT);
      assertThat((result.timings().complete() - sent) / 1e6).isBetween(400.0, 2000.0);
    }
  }

  @Test
  void speechDuringThePromptIsABargeIn() throws Exception {
    try (MrcpClient client = freeswitchLike();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      CountDownLatch bargeIn = new CountDownLatch(1);
      s.addListener(
          new SessionListener() {
            @Override
            public void onEvent(MrcpEvent event) {
              if (event.name().equals(MrcpEventName.START_OF_INPUT)
                  && event
                      .headers()
                      .get(RecognizerHeaders.INPUT_TYPE)
                      .orElse("")
                      .equals("speech")) {
                bargeIn.countDown();
              }
            }
          });
      RecognitionResult result =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.uri("builtin:grammar/boolean"))
                  .startInputTimers(false)
                  .audio(TestServer.speech("kal-yes"))
                  .build());
      assertThat(bargeIn.await(1, TimeUnit.SECONDS)).as("START-OF-INPUT for the barge-in").isTrue();
      assertThat(result.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(result.best().orElseThrow().instance()).isEqualTo("true");
      assertThat(result.timings().startOfInput()).isPositive();
    }
  }
}
