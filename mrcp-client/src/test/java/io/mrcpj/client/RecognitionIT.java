package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.InputStatus;
import io.mrcpj.core.sdp.RtpCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real recognition end to end on loopback: the client sets up sessions with the real server over
 * SIP, sends RECOGNIZE over MRCP and flite speech as RTP in each codec; the server decodes,
 * resamples and recognizes it with the bundled Vosk model and answers with NLSML.
 */
class RecognitionIT {

  private static final Logger log = LoggerFactory.getLogger(RecognitionIT.class);

  static final String YES_NO = read("src/test/resources/grammars/yesno.grxml");

  private static String read(String path) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(32000);
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

  /** A RECOGNIZE of a fixture sent as fast as the client sends. */
  private static RecognizeRequest fast(Grammar grammar, String fixture) throws Exception {
    return RecognizeRequest.builder()
        .grammar(grammar)
        .audio(TestServer.speech(fixture))
        .pacing(Pacing.FAST)
        .build();
  }

  static Stream<Arguments> codecsAndVoices() {
    List<RtpCodec> codecs =
        List.of(
            RtpCodec.PCMU,
            RtpCodec.PCMA,
            RtpCodec.G722,
            RtpCodec.L16_16K.withPayloadType(96),
            RtpCodec.L16_8K.withPayloadType(97));
    return codecs.stream()
        .flatMap(c -> Stream.of("rms", "awb", "kal", "slt").map(v -> Arguments.of(c, v)));
  }

  @ParameterizedTest(name = "{1} through {0}")
  @MethodSource("codecsAndVoices")
  void digitsInEveryVoiceThroughEveryCodec(RtpCodec codec, String voice) throws Exception {
    try (MrcpClient client = server.client().codecs(List.of(codec)).build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      assertThat(s.codec().sameFormat(codec)).as("negotiated %s", s.codec()).isTrue();
      RecognitionResult r = s.recognizeSync(fast(Grammar.TRANSCRIBE, voice + "-four-five-six-one"));
      assertThat(r.cause()).as(r.toString()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(r.text()).isEqualTo("four five six one");
      assertThat(r.best().orElseThrow().mode()).isEqualTo(InputMode.SPEECH);
      assertThat(r.confidence()).isBetween(0.5f, 1f);
      assertThat(r.nlsml()).contains("<input mode=\"speech\">four five six one</input>");
      assertThat(s.rtpPacketsSent()).isGreaterThan(50);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rms", "awb", "kal", "slt"})
  void aSentenceInRealTime(String voice) throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech(voice + "-please-call-me-tomorrow-morning"))
                  .build());
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(r.text()).isEqualTo("please call me tomorrow morning");
      RecognitionResult.Timings t = r.timings();
      assertThat(t.inProgress()).isPositive();
      assertThat(t.startOfInput())
          .as("START-OF-INPUT came before the end")
          .isBetween(t.inProgress(), t.complete());
      assertThat(t.audioEnd()).isPositive();
      log.info(
          "{}: RECOGNIZE -> IN-PROGRESS {} ms, end of audio -> RECOGNITION-COMPLETE {} ms",
          voice,
          String.format("%.1f", t.inProgressMillis()),
          String.format("%.1f", t.audioEndToCompleteMillis()));
    }
  }

  /** slt's "yes" is heard as "no" by the small model even with the grammar: left out. */
  @ParameterizedTest
  @ValueSource(strings = {"rms", "awb", "kal"})
  void aGrammarConstrainsWhatIsHeard(String voice) throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(fast(Grammar.xml(YES_NO).withContentId("yesno@test"), voice + "-yes"));
      assertThat(r.cause()).as(r.toString()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(r.text()).isEqualTo("yes");
      assertThat(r.best().orElseThrow().instance()).isEqualTo("true");
      assertThat(r.best().orElseThrow().grammar()).isEqualTo("session:yesno@test");
    }
  }

  @Test
  void wordsOutsideTheGrammarAreANoMatch() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(
              fast(Grammar.uri("builtin:grammar/boolean"), "rms-please-call-me-tomorrow-morning"));
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.NO_MATCH);
      assertThat(r.best()).isEmpty();
      assertThat(r.result().orElseThrow().best().status()).isEqualTo(InputStatus.NOMATCH);
    }
  }

  @Test
  void silenceEndsWithNoInputTimeout() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(AudioSource.silence(3000))
                  .noInputTimeout(Duration.ofMillis(1000))
                  .build());
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.NO_INPUT_TIMEOUT);
      assertThat(r.result().orElseThrow().best().status()).isEqualTo(InputStatus.NOINPUT);
      double elapsed = (r.timings().complete() - r.timings().inProgress()) / 1e6;
      assertThat(elapsed).as("no-input timer of 1000 ms").isBetween(900.0, 2500.0);
    }
  }

  @Test
  void stopMidUtteranceCancelsAndTheChannelIsReusable() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      CountDownLatch speaking = new CountDownLatch(1);
      s.addListener(
          new SessionListener() {
            @Override
            public void onEvent(MrcpEvent event) {
              if (event.name().equals(MrcpEventName.START_OF_INPUT)) {
                speaking.countDown();
              }
            }
          });
      CompletableFuture<RecognitionResult> first =
          s.recognize(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech("rms-please-call-me-tomorrow-morning"))
                  .build());
      assertThat(speaking.await(5, TimeUnit.SECONDS)).as("START-OF-INPUT").isTrue();
      MrcpResponse stop = s.stop().get(5, TimeUnit.SECONDS);
      assertThat(stop.status().code()).isEqualTo(200);
      assertThat(stop.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST).orElseThrow())
          .hasSize(1);
      RecognitionResult cancelled = first.get(5, TimeUnit.SECONDS);
      assertThat(cancelled.cause()).isEqualTo(RecognizerCompletionCause.CANCELLED);
      assertThat(server.server.engineStreams()).as("the stream is closed on STOP").isZero();

      RecognitionResult again = s.recognizeSync(fast(Grammar.TRANSCRIBE, "kal-four-five-six-one"));
      assertThat(again.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(again.text()).isEqualTo("four five six one");
    }
  }

  @Test
  void aSecondRecognizeWhileOneRunsIsRefusedByTheClient() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognizeRequest req =
          RecognizeRequest.builder()
              .grammar(Grammar.TRANSCRIBE)
              .audio(TestServer.speech("rms-yes"))
              .build();
      CompletableFuture<RecognitionResult> first = s.recognize(req);
      assertThatThrownBy(() -> s.recognize(req).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
      assertThat(first.get(20, TimeUnit.SECONDS).text()).isEqualTo("yes");
    }
  }

  @Test
  void twoSessionsRecognizeAtOnce() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession a = client.openSession(Duration.ofSeconds(5));
        ClientSession b = client.openSession(Duration.ofSeconds(5))) {
      assertThat(server.server.sessions()).isEqualTo(2);
      CompletableFuture<RecognitionResult> ra =
          a.recognize(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech("awb-please-call-me-tomorrow-morning"))
                  .build());
      CompletableFuture<RecognitionResult> rb =
          b.recognize(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech("slt-four-five-six-one"))
                  .build());
      assertThat(ra.get(30, TimeUnit.SECONDS).text()).isEqualTo("please call me tomorrow morning");
      assertThat(rb.get(30, TimeUnit.SECONDS).text()).isEqualTo("four five six one");
    }
  }

  @Test
  void sessionsShareOneMrcpConnectionWithConnectionExisting() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession a = client.openSession(Duration.ofSeconds(5));
        ClientSession b = client.openSession(Duration.ofSeconds(5))) {
      assertThat(client.connections()).as("b reused a's connection").isEqualTo(1);
      for (ClientSession s : List.of(b, a)) {
        RecognitionResult r = s.recognizeSync(fast(Grammar.TRANSCRIBE, "rms-four-five-six-one"));
        assertThat(r.text()).isEqualTo("four five six one");
      }
      b.close();
      RecognitionResult r = a.recognizeSync(fast(Grammar.TRANSCRIBE, "rms-yes"));
      assertThat(r.text()).as("a still works after b left the shared connection").isEqualTo("yes");
    }
  }

  @Test
  void withoutSharingEachSessionHasItsOwnConnection() throws Exception {
    try (MrcpClient client = server.client().shareConnections(false).build();
        ClientSession a = client.openSession(Duration.ofSeconds(5));
        ClientSession b = client.openSession(Duration.ofSeconds(5))) {
      assertThat(client.connections()).isEqualTo(2);
      assertThat(a.channelId()).isNotEqualTo(b.channelId());
    }
  }

  @Test
  void sipOverTcp() throws Exception {
    try (MrcpClient client = server.client().transport(SipTransport.TCP).build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(fast(Grammar.TRANSCRIBE, "slt-please-call-me-tomorrow-morning"));
      assertThat(r.text()).isEqualTo("please call me tomorrow morning");
    }
  }

  @Test
  void aBadGrammarIsRefusedWithAStatusAndTheSessionGoesOn() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult bad =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.xml("<grammar root='x'><rule id='x'>"))
                  .audio(TestServer.speech("rms-yes"))
                  .build());
      assertThat(bad.status()).isBetween(400, 499);
      assertThat(bad.cause()).isEqualTo(RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE);
      assertThat(bad.reason()).isNotBlank();
      RecognitionResult missing =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.uri("session:never-defined"))
                  .audio(TestServer.speech("rms-yes"))
                  .build());
      assertThat(missing.status()).isEqualTo(407);
      assertThat(missing.cause()).isEqualTo(RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE);
      RecognitionResult good = s.recognizeSync(fast(Grammar.xml(YES_NO), "rms-yes"));
      assertThat(good.isSuccess()).isTrue();
    }
  }

  @Test
  void severalGrammarsAreDefinedAndReferenced() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      String digits =
          """
          <?xml version="1.0"?>
          <grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" root="d">
            <rule id="d" scope="public"><item>four five six one</item></rule>
          </grammar>
          """;
      RecognitionResult r =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.xml(YES_NO))
                  .grammar(Grammar.xml(digits).withContentId("digits@test"))
                  .audio(TestServer.speech("awb-four-five-six-one"))
                  .pacing(Pacing.FAST)
                  .build());
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(r.best().orElseThrow().grammar()).isEqualTo("session:digits@test");
    }
  }

  @Test
  void parametersResultsAndInterpretationThroughTheClient() throws Exception {
    try (MrcpClient client = server.client().build();
        ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      MrcpResponse set =
          s.setParams(java.util.Map.of("Speech-Complete-Timeout", "400", "N-Best-List-Length", "2"))
              .get(5, TimeUnit.SECONDS);
      assertThat(set.status().code()).isEqualTo(200);
      MrcpResponse get = s.getParams("Speech-Complete-Timeout").get(5, TimeUnit.SECONDS);
      assertThat(get.headers().get("Speech-Complete-Timeout")).contains("400");

      RecognitionResult r = s.recognizeSync(fast(Grammar.TRANSCRIBE, "rms-four-five-six-one"));
      assertThat(r.text()).isEqualTo("four five six one");
      MrcpResponse again = s.getResult(java.util.Map.of()).get(5, TimeUnit.SECONDS);
      assertThat(again.status().code()).isEqualTo(200);
      assertThat(again.bodyAsString()).contains("four five six one");

      MrcpEvent meaning =
          s.interpret("nope", Grammar.uri("builtin:grammar/boolean")).get(5, TimeUnit.SECONDS);
      assertThat(meaning.name()).isEqualTo(MrcpEventName.INTERPRETATION_COMPLETE);
      assertThat(meaning.bodyAsString()).contains("<instance>false</instance>");
    }
  }

  @Test
  void anUnreachableServerFailsTheSessionWithAClearError() throws Exception {
    try (MrcpClient client =
        MrcpClient.builder()
            .server("127.0.0.1", io.mrcpj.server.testing.FreePorts.udp())
            .transport(SipTransport.TCP)
            .build()) {
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5)))
          .isInstanceOf(MrcpClientException.class)
          .hasMessageContaining("127.0.0.1");
    }
  }

  @Test
  void theServerFullGets503AsASessionRefusal() throws Exception {
    server.server.drain(true);
    try (MrcpClient client = server.client().build()) {
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class, e -> assertThat(e.status()).isEqualTo(503));
    } finally {
      server.server.drain(false);
    }
  }
}
