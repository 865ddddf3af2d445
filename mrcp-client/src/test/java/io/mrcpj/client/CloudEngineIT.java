package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.vosk.VoskEngineProvider;
import io.mrcpj.asr.voskremote.FakeVoskServer;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.RecognizerCompletionCause;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vosk.Model;

/**
 * A network engine behind the whole server: the {@code vosk-remote} adapter talking to a stand-in
 * vosk-server on loopback (the documented WebSocket protocol, the real Vosk model behind it),
 * driven by the Java client over SIP, MRCP and RTP. The engine's connection must close on STOP and
 * on BYE, and its failures must reach the client as 006 recognizer-error.
 */
class CloudEngineIT {

  private static Model model;

  @BeforeAll
  static void loadModel() throws Exception {
    model = new Model(VoskEngineProvider.bundledModel().toString());
  }

  @AfterAll
  static void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  /** The stand-in, the engine on it and a server on the engine; closed in reverse. */
  private record Stack(FakeVoskServer vosk, RecognitionEngine engine, TestServer server)
      implements AutoCloseable {
    @Override
    public void close() {
      server.close();
      engine.close();
      vosk.close();
    }
  }

  private static Stack stack(int rtpMin, FakeVoskServer.Options options) throws Exception {
    FakeVoskServer vosk = new FakeVoskServer(model, options);
    RecognitionEngineProvider p =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(x -> x.name().equals("vosk-remote"))
            .findFirst()
            .orElseThrow();
    RecognitionEngine engine = p.create(Map.of("url", vosk.url(), "final-timeout-ms", "3000"));
    return new Stack(vosk, engine, TestServer.start(rtpMin, engine));
  }

  @Test
  void recognitionThroughTheServerStopAndByeCloseTheEnginesConnection() throws Exception {
    try (Stack s = stack(33800, new FakeVoskServer.Options());
        MrcpClient client = s.server().client().build()) {
      try (ClientSession session = client.openSession(Duration.ofSeconds(5))) {
        java.util.concurrent.Semaphore speaking = new java.util.concurrent.Semaphore(0);
        session.addListener(
            new SessionListener() {
              @Override
              public void onEvent(MrcpEvent event) {
                if (event.name().equals(MrcpEventName.START_OF_INPUT)) {
                  speaking.release();
                }
              }
            });
        RecognitionResult r =
            session.recognizeSync(
                RecognizeRequest.builder()
                    .grammar(Grammar.TRANSCRIBE)
                    .audio(TestServer.speech("rms-four-five-six-one"))
                    .pacing(Pacing.FAST)
                    .build());
        assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
        assertThat(r.text()).isEqualTo("four five six one");
        FakeVoskServer.Connection c = s.vosk().connections.get(0);
        assertThat(c.sawEof).isTrue();
        assertThat(c.audio().length)
            .as("the audio went to the network engine")
            .isGreaterThan(16000);
        speaking.drainPermits();

        // STOP in the middle of an utterance closes that recognition's connection
        CompletableFuture<RecognitionResult> second = recognizeLive(session);
        awaitSpeech(speaking, second);
        assertThat(session.stop().get(5, TimeUnit.SECONDS).status().code()).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS).cause())
            .isEqualTo(RecognizerCompletionCause.CANCELLED);
        s.vosk().connections.get(1).closed.get(5, TimeUnit.SECONDS);

        // BYE in the middle of an utterance does the same
        CompletableFuture<RecognitionResult> third = recognizeLive(session);
        awaitSpeech(speaking, third);
      }
      s.vosk().connections.get(2).closed.get(5, TimeUnit.SECONDS);
      assertThat(s.vosk().connections.get(2).sawEof).as("abandoned, not finished").isFalse();
      s.server().assertNothingLeft();
    }
  }

  @Test
  void aServerThatDropsTheStreamIsARecognizerErrorNamingIt() throws Exception {
    FakeVoskServer.Options o = new FakeVoskServer.Options();
    o.closeAfterAudioMessages = 3;
    try (Stack s = stack(34000, o);
        MrcpClient client = s.server().client().build();
        ClientSession session = client.openSession(Duration.ofSeconds(5))) {
      RecognitionResult r =
          session.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech("rms-four-five-six-one"))
                  .pacing(Pacing.FAST)
                  .build());
      assertThat(r.cause()).isEqualTo(RecognizerCompletionCause.RECOGNIZER_ERROR);
      assertThat(r.reason()).contains(s.vosk().url().replace("ws://", ""));
      s.vosk().connections.get(0).closed.get(5, TimeUnit.SECONDS);
    }
  }

  private static CompletableFuture<RecognitionResult> recognizeLive(ClientSession session)
      throws Exception {
    return session.recognize(
        RecognizeRequest.builder()
            .grammar(Grammar.TRANSCRIBE)
            .audio(TestServer.speech("rms-please-call-me-tomorrow-morning"))
            .build());
  }

  /** Waits for START-OF-INPUT of the running recognition. */
  private static void awaitSpeech(
      java.util.concurrent.Semaphore speaking, CompletableFuture<RecognitionResult> r)
      throws Exception {
    assertThat(speaking.tryAcquire(5, TimeUnit.SECONDS)).as("START-OF-INPUT").isTrue();
    assertThat(r).isNotDone();
  }
}
