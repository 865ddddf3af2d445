package io.mrcpj.asr.alibaba;

import static io.mrcpj.asr.alibaba.Harness.SPEECH_16K;
import static io.mrcpj.asr.alibaba.Harness.SPEECH_8K;
import static io.mrcpj.asr.alibaba.Harness.TOKEN_ENV;
import static io.mrcpj.asr.alibaba.Harness.feed;
import static io.mrcpj.asr.alibaba.Harness.littleEndian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine, through the vendor's SDK, against a stand-in gateway ({@link FakeNlsServer}) on
 * loopback: what is sent (the token, the StartTranscription parameters, every byte of the audio,
 * StopTranscription), what comes back (partials, the final result and its confidence), and how a
 * stream ends when it is closed.
 */
class AlibabaNlsEngineIT {

  private final Harness h = new Harness();

  @AfterEach
  void closeAll() throws Exception {
    h.close();
  }

  @Test
  void speechGoesOutAndTheSentencesComeBackWithPartialsAndAFinal() throws Exception {
    Harness.Call call = h.call(new FakeNlsServer.Script());
    feed(call.stream(), SPEECH_16K, 16_000);
    call.stream().endOfInput();

    List<Hypothesis> result = call.events().result(10);
    assertThat(result).extracting(Hypothesis::text).containsExactly("four five six one");
    // The mean of the two sentences' confidences (0.9 and 0.7).
    assertThat((double) result.get(0).confidence()).isCloseTo(0.8, within(1e-6));
    // One word per 0.5 s of audio: the partials grow as the audio arrives.
    assertThat(call.events().partialTexts())
        .containsSubsequence("four", "four five", "four five six")
        .doesNotHaveDuplicates();
    assertThat(call.events().calls).allMatch(c -> c.thread().startsWith("alibaba-nls-io"));

    FakeNlsServer.Connection c = call.connection();
    assertThat(c.token).isEqualTo("test-token");
    assertThat(c.path).isEqualTo(FakeNlsServer.PATH);
    JsonNode start = c.command("StartTranscription");
    JsonNode header = start.path("header");
    assertThat(header.path("namespace").asText()).isEqualTo("SpeechTranscriber");
    assertThat(header.path("appkey").asText()).isEqualTo(Harness.APP_KEY);
    assertThat(header.path("task_id").asText()).matches("[0-9a-f]{32}");
    assertThat(header.path("message_id").asText()).matches("[0-9a-f]{32}");
    JsonNode payload = start.path("payload");
    assertThat(payload.path("format").asText()).isEqualTo("pcm");
    assertThat(payload.path("sample_rate").asInt()).isEqualTo(16_000);
    assertThat(payload.path("enable_intermediate_result").asBoolean()).isTrue();
    assertThat(payload.path("enable_punctuation_prediction").asBoolean(true)).isFalse();
    assertThat(payload.path("enable_inverse_text_normalization").asBoolean(true)).isFalse();
    assertThat(payload.has("vocabulary_id")).isFalse();
    assertThat(payload.has("customization_id")).isFalse();
    assertThat(c.audio()).isEqualTo(littleEndian(SPEECH_16K));
    JsonNode stop = c.command("StopTranscription");
    assertThat(stop.path("header").path("task_id").asText())
        .isEqualTo(header.path("task_id").asText());

    // The stream hangs up once complete.
    c.closed.get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(2)).until(() -> call.engine().activeStreams() == 0);
    call.stream().close();
  }

  @Test
  void eightKilohertzAndTheConfiguredOptionsAreSent() throws Exception {
    FakeNlsServer server = h.server(new FakeNlsServer.Script());
    AlibabaNlsEngine engine =
        h.engine(
            server.url(),
            TOKEN_ENV,
            "sample-rate",
            "8000",
            "enable-punctuation",
            "true",
            "enable-itn",
            "true",
            "vocabulary-id",
            "vocab0123",
            "customization-id",
            "model4567");
    assertThat(engine.sampleRate()).isEqualTo(8000);
    assertThat(Harness.recognize(engine, StreamRequest.transcribe("en"), SPEECH_8K, 8000))
        .extracting(Hypothesis::text)
        .containsExactly("four five six one");
    FakeNlsServer.Connection c = server.connection();
    JsonNode payload = c.command("StartTranscription").path("payload");
    assertThat(payload.path("sample_rate").asInt()).isEqualTo(8000);
    assertThat(payload.path("enable_punctuation_prediction").asBoolean()).isTrue();
    assertThat(payload.path("enable_inverse_text_normalization").asBoolean()).isTrue();
    assertThat(payload.path("vocabulary_id").asText()).isEqualTo("vocab0123");
    assertThat(payload.path("customization_id").asText()).isEqualTo("model4567");
    assertThat(c.audio()).isEqualTo(littleEndian(SPEECH_8K));
  }

  @Test
  void aRequestsVendorParametersReplaceTheVocabularyAndPhrasesAreNotSent() throws Exception {
    FakeNlsServer server = h.server(new FakeNlsServer.Script());
    AlibabaNlsEngine engine = h.engine(server.url(), TOKEN_ENV, "vocabulary-id", "vocab0123");
    StreamRequest request =
        new StreamRequest(
            "en-US",
            List.of("four five six one", "yes"),
            5,
            Map.of(StreamOptions.VOCABULARY_ID, "perCall99"));
    Recorder events = new Recorder();
    try (RecognitionStream stream = engine.open(request, events)) {
      feed(stream, SPEECH_16K, 16_000);
      stream.endOfInput();
      // One hypothesis, though five were asked for: the service has no N-best.
      assertThat(events.result(10)).hasSize(1);
    }
    JsonNode payload = server.connection().command("StartTranscription").path("payload");
    assertThat(payload.path("vocabulary_id").asText()).isEqualTo("perCall99");
    assertThat(payload.toString()).doesNotContain("yes");

    assertThatThrownBy(
            () ->
                engine.open(
                    new StreamRequest(
                        "en-US", List.of(), 1, Map.of(StreamOptions.VOCABULARY_ID, "no spaces")),
                    new Recorder()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(StreamOptions.VOCABULARY_ID);
  }

  @Test
  void audioFedBeforeTheServiceConfirmsTheStartGoesOutInOrder() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.startDelayMs = 700;
    FakeNlsServer server = h.server(script);
    AlibabaNlsEngine engine = h.engine(server.url(), TOKEN_ENV);
    Recorder events = new Recorder();
    long fed;
    try (RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events)) {
      feed(stream, SPEECH_16K, 16_000); // faster than real time: all of it waits
      stream.endOfInput();
      fed = System.nanoTime();
      assertThat(events.result(10))
          .extracting(Hypothesis::text)
          .containsExactly("four five six one");
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fed)).isGreaterThan(500);
    assertThat(server.connection().audio()).isEqualTo(littleEndian(SPEECH_16K));
  }

  @Test
  void closeMidStreamHangsUpWithoutStopAndReportsNothingAfterwards() throws Exception {
    Harness.Call call = h.call(new FakeNlsServer.Script());
    int half = SPEECH_16K.length / 2;
    feed(call.stream(), Arrays.copyOf(SPEECH_16K, half), 16_000);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !call.server().connections.isEmpty() && call.connection().audio().length > 32_000);

    Thread closer = new Thread(call.stream()::close, "closer");
    closer.start();
    closer.join();
    int callsAtClose = call.events().calls.size();
    call.stream().close(); // idempotent
    feed(call.stream(), Arrays.copyOfRange(SPEECH_16K, half, SPEECH_16K.length), 16_000);
    call.stream().endOfInput();

    FakeNlsServer.Connection c = call.connection();
    c.closed.get(5, TimeUnit.SECONDS);
    assertThat(c.sawCloseFrame).isTrue();
    assertThat(c.command("StopTranscription")).isNull();
    assertThat(c.audio().length).isLessThanOrEqualTo(2 * half);
    await().atMost(Duration.ofSeconds(2)).until(() -> call.engine().activeStreams() == 0);
    Thread.sleep(300);
    assertThat(call.events().calls).hasSize(callsAtClose);
  }

  @Test
  void closeWhileConnectingAbandonsTheConnection() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.neverStart = true;
    FakeNlsServer server = h.server(script);
    AlibabaNlsEngine engine = h.engine(server.url(), TOKEN_ENV, "connect-timeout-ms", "10000");
    Recorder events = new Recorder();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !server.connections.isEmpty()
                    && server.connection().command("StartTranscription") != null);
    long closing = System.nanoTime();
    stream.close();
    server.connection().closed.get(5, TimeUnit.SECONDS);
    // The worker waiting for TranscriptionStarted is let go well before connect-timeout-ms.
    await().atMost(Duration.ofSeconds(3)).until(() -> engine.activeStreams() == 0);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing)).isLessThan(3000);
    assertThat(events.calls).isEmpty();
  }

  @Test
  void closingTheEngineEndsItsOpenStreamsWithAnError() throws Exception {
    Harness.Call call = h.call(new FakeNlsServer.Script());
    feed(call.stream(), Arrays.copyOf(SPEECH_16K, 16_000), 16_000);
    await().atMost(Duration.ofSeconds(5)).until(() -> !call.server().connections.isEmpty());
    call.engine().close();
    assertThat(call.events().error(5))
        .hasMessage("the alibaba-nls engine was closed before the final result");
    call.connection().closed.get(5, TimeUnit.SECONDS);
    assertThat(call.engine().activeStreams()).isZero();
    call.engine().close(); // idempotent
    assertThatThrownBy(() -> call.engine().open(StreamRequest.transcribe("en-US"), new Recorder()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("closed");
    call.stream().close();
  }

  @Test
  void anotherLanguageIsRefusedWithItsOwnKind() throws Exception {
    AlibabaNlsEngine engine = h.engine("ws://127.0.0.1:9/ws/v1", TOKEN_ENV, "language", "zh-CN");
    assertThat(engine.languages()).containsExactly("zh-CN");
    assertThat(StreamOptions.speaks("zh-CN", "zh")).isTrue();
    assertThat(StreamOptions.speaks("zh-CN", "ZH_tw")).isTrue();
    assertThat(StreamOptions.speaks("zh-CN", " ")).isTrue();
    assertThat(StreamOptions.speaks("zh-CN", "yue")).isFalse();
    assertThatThrownBy(() -> engine.open(StreamRequest.transcribe("en-US"), new Recorder()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("zh-CN")
        .extracting(e -> ((EngineException) e).kind())
        .isEqualTo(EngineException.Kind.LANGUAGE_UNSUPPORTED);
  }

  @Test
  void theProviderIsFoundByNameAndRefusesABadSetting() {
    RecognitionEngineProvider provider =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("alibaba-nls"))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> provider.create(Map.of("sample-rate", "11025")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("alibaba-nls setting sample-rate");
  }
}
