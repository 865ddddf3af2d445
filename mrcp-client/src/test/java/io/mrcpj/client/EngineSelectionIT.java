package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.engine.EngineLoader;
import io.mrcpj.server.engine.EngineSelector;
import io.mrcpj.server.testing.SharedVosk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Choosing the engine per recognition and per session: Vosk by default, the demo engine by name.
 */
class EngineSelectionIT {

  private static RecognitionEngine demo;
  private static TestServer server;
  private static MrcpClient client;

  @BeforeAll
  static void start() throws Exception {
    demo = EngineLoader.load(new EngineConfig("demo", List.of(), Map.of()));
    server = TestServer.start(35000, new EngineSelector(List.of(SharedVosk.get(), demo)));
    client = server.client().build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (demo != null) {
      demo.close(); // the shared Vosk engine stays open for other tests
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  private static RecognizeRequest.Builder speech(String fixture) throws java.io.IOException {
    return RecognizeRequest.builder()
        .grammar(Grammar.TRANSCRIBE)
        .audio(TestServer.speech(fixture))
        .pacing(Pacing.FAST)
        .timeout(Duration.ofSeconds(20));
  }

  @Test
  void theDefaultEngineRecognizesAndTheDemoEngineAnswersItsConfiguredResult() throws Exception {
    try (ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult vosk = s.recognizeSync(speech("rms-four-five-six-one").build());
      assertThat(vosk.text()).isEqualTo("four five six one");

      RecognitionResult d =
          s.recognizeSync(
              speech("rms-four-five-six-one")
                  .header("Vendor-Specific-Parameters", "engine=demo;demo.result=hello there")
                  .build());
      assertThat(d.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(d.text()).isEqualTo("hello there");
      assertThat(d.confidence()).isEqualTo(0.9f);
    }
  }

  @Test
  void theDemoEngineHearsSilenceAsNothing() throws Exception {
    try (ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(AudioSource.silence(1500))
                  .header("Vendor-Specific-Parameters", "engine=demo")
                  .noInputTimeout(Duration.ofMillis(500))
                  .pacing(Pacing.FAST)
                  .build());
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    }
  }

  @Test
  void setParamsChoosesTheEngineForTheRestOfTheSession() throws Exception {
    try (ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      MrcpResponse set =
          s.setParams(Map.of("Vendor-Specific-Parameters", "engine=demo;demo.result=yes"))
              .get(5, TimeUnit.SECONDS);
      assertThat(set.status().code()).isEqualTo(200);
      for (String fixture :
          List.of("rms-four-five-six-one", "kal-please-call-me-tomorrow-morning")) {
        assertThat(s.recognizeSync(speech(fixture).build()).text()).isEqualTo("yes");
      }
    }
  }

  @Test
  void anUnknownEngineIsRefusedWithItsNameAndTheSessionGoesOn() throws Exception {
    try (ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          s.recognizeSync(
              speech("rms-yes").header("Vendor-Specific-Parameters", "engine=whisper").build());
      assertThat(r.status()).isEqualTo(407);
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.RECOGNIZER_ERROR);
      assertThat(r.reason()).contains("whisper").contains("vosk").contains("demo");

      assertThat(s.recognizeSync(speech("rms-yes").build()).text()).isEqualTo("yes");
    }
  }

  @Test
  void aLanguageOnlyAnotherEngineHasIsRefusedForThisOne() throws Exception {
    try (ClientSession s = client.openSession(Duration.ofSeconds(5))) {
      // demo takes any language, so de-DE is accepted by the server, but Vosk's model is English
      RecognitionResult r =
          s.recognizeSync(speech("rms-yes").header("Speech-Language", "de-DE").build());
      assertThat(r.status()).isEqualTo(407);
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.LANGUAGE_UNSUPPORTED);
      RecognitionResult d =
          s.recognizeSync(
              speech("rms-yes")
                  .header("Speech-Language", "de-DE")
                  .header("Vendor-Specific-Parameters", "engine=demo;demo.result=ja")
                  .build());
      assertThat(d.text()).isEqualTo("ja");
    }
  }

  @Test
  void theInvitesAcceptContactChoosesTheSessionsEngine() throws Exception {
    try (MrcpClient demoClient = server.client().engine("demo").build();
        ClientSession s = demoClient.openSession(Duration.ofSeconds(5))) {
      RecognitionResult d =
          s.recognizeSync(
              speech("rms-four-five-six-one")
                  .header("Vendor-Specific-Parameters", "demo.result=hello there")
                  .build());
      assertThat(d.text()).isEqualTo("hello there");
      // a request that names an engine still gets it
      RecognitionResult v =
          s.recognizeSync(
              speech("rms-four-five-six-one")
                  .header("Vendor-Specific-Parameters", "engine=vosk")
                  .build());
      assertThat(v.text()).isEqualTo("four five six one");
    }
  }

  @Test
  void anInviteAskingForAnEngineThatIsNotLoadedGets488NamingIt() throws Exception {
    try (MrcpClient whisper = server.client().engine("whisper").build()) {
      assertThatThrownBy(() -> whisper.openSession(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              SessionRefusedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(488);
                assertThat(e.getMessage()).contains("whisper");
              });
    }
    assertThatThrownBy(() -> MrcpClient.builder().engine("two words"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLanguageMapSendsEachLanguageToItsEngine() throws Exception {
    try (TestServer mapped =
            TestServer.start(
                42000, new EngineSelector(List.of(SharedVosk.get(), demo), Map.of("de", "demo")));
        MrcpClient c = mapped.client().build();
        ClientSession s = c.openSession(Duration.ofSeconds(5))) {
      for (String german : List.of("de-DE", "de-AT")) {
        RecognitionResult d =
            s.recognizeSync(
                speech("rms-yes")
                    .header("Speech-Language", german)
                    .header("Vendor-Specific-Parameters", "demo.result=ja")
                    .build());
        assertThat(d.text()).as(german).isEqualTo("ja");
      }
      assertThat(s.recognizeSync(speech("rms-yes").build()).text()).isEqualTo("yes");
    }
    assertThatThrownBy(
            () -> new EngineSelector(List.of(SharedVosk.get(), demo), Map.of("fr", "whisper")))
        .isInstanceOf(io.mrcpj.asr.spi.EngineException.class)
        .hasMessageContaining("whisper");
  }
}
