package io.mrcpj.asr.voskremote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.asr.spi.testing.RecordingListener;
import io.mrcpj.asr.vosk.VoskEngineProvider;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.WavFile;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * The engine against a stand-in vosk-server ({@link FakeVoskServer}) that decodes with the real
 * Vosk recognizer: real speech (flite's rms voice, mrcp-client's 8 kHz fixture brought to 16 kHz by
 * mrcp-core's Resampler) in, words out, and every way the server or network can fail.
 */
class RemoteVoskEngineIT {

  private static Model model;
  private static short[] speech;
  private static short[] yes;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void loadModelAndSpeech() throws Exception {
    LibVosk.setLogLevel(LogLevel.WARNINGS);
    model = new Model(VoskEngineProvider.bundledModel().toString());
    speech = speech16k("rms-four-five-six-one");
    yes = speech16k("rms-yes");
  }

  /** An 8 kHz fixture (copied from mrcp-client's) brought to the 16 kHz the engine sends. */
  private static short[] speech16k(String name) throws Exception {
    try (InputStream in =
        RemoteVoskEngineIT.class.getResourceAsStream("/speech/" + name + "-8k.wav")) {
      WavFile wav = WavFile.read(in.readAllBytes());
      assertThat(wav.sampleRate()).isEqualTo(8000);
      Resampler up = Resampler.upsampler();
      short[] out = new short[up.maxOutputLength(wav.sampleCount())];
      int n = up.process(wav.samples(), 0, wav.sampleCount(), out, 0);
      return Arrays.copyOf(out, n);
    }
  }

  @AfterAll
  static void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void realSpeechComesBackWithPartialsAndAFinal() throws Exception {
    Call call = call(new FakeVoskServer.Options());
    feed(call.stream, speech);
    call.stream.endOfInput();

    List<Hypothesis> result = call.events.result(20);
    assertThat(result).extracting(Hypothesis::text).containsExactly("four five six one");
    assertThat(result.get(0).confidence()).isBetween(0.5f, 1.0f);
    assertThat(call.events.partials).isNotEmpty();
    assertThat(call.events.partials).extracting(Hypothesis::text).contains("four five six");
    assertThat(call.events.threads).allMatch(t -> t.startsWith("vosk-remote-io"));

    FakeVoskServer.Connection c = call.connection();
    assertThat(c.configs).hasSize(1);
    JsonNode config = c.configs.get(0);
    assertThat(config.path("sample_rate").asInt()).isEqualTo(16000);
    assertThat(config.path("max_alternatives").asInt()).isZero();
    assertThat(config.path("words").asInt()).isEqualTo(1);
    assertThat(config.has("phrase_list")).isFalse();
    assertThat(c.audio()).isEqualTo(littleEndian(speech));
    assertThat(c.sawEof).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> call.engine.activeStreams() == 0);
    call.stream.close();
  }

  @Test
  void segmentsVoskEndsAtAPauseArePutBeforeTheLastOne() throws Exception {
    FakeVoskServer server = server(new FakeVoskServer.Options());
    RemoteVoskEngine engine = engine(server.url());
    short[] twoUtterances = new short[speech.length + 24_000 + yes.length];
    System.arraycopy(speech, 0, twoUtterances, 0, speech.length);
    System.arraycopy(yes, 0, twoUtterances, speech.length + 24_000, yes.length);
    List<Hypothesis> result = recognize(engine, StreamRequest.transcribe("en-US"), twoUtterances);

    List<String> replies = server.connections.get(0).replies;
    // Vosk ended the first utterance at the 1.5 s pause: a result before the final one.
    assertThat(replies.subList(0, replies.size() - 1))
        .anySatisfy(r -> assertThat(r).contains("\"four\"", "\"text\""));
    assertThat(replies.get(replies.size() - 1)).doesNotContain("four");
    assertThat(result).extracting(Hypothesis::text).containsExactly("four five six one yes");
  }

  @Test
  void nBestIsMappedFromTheServersAlternatives() throws Exception {
    // Vosk hears flite's rms "yes" as "yes" or "us": two alternatives.
    FakeVoskServer server = server(new FakeVoskServer.Options());
    RemoteVoskEngine engine = engine(server.url());
    List<Hypothesis> result =
        recognize(engine, new StreamRequest("en-US", List.of(), 3, Map.of()), yes);

    FakeVoskServer.Connection c = server.connections.get(0);
    assertThat(c.configs.get(0).path("max_alternatives").asInt()).isEqualTo(3);
    JsonNode last = JSON.readTree(c.replies.get(c.replies.size() - 1)).path("alternatives");
    assertThat(last.size()).isEqualTo(2);
    assertThat(result).extracting(Hypothesis::text).containsExactly("yes", "us");
    // Vosk's path scores become probabilities over the alternatives.
    double d =
        last.get(1).path("confidence").asDouble() - last.get(0).path("confidence").asDouble();
    assertThat((double) result.get(0).confidence()).isCloseTo(1 / (1 + Math.exp(d)), within(1e-5));
    assertThat((double) result.get(1).confidence())
        .isCloseTo(Math.exp(d) / (1 + Math.exp(d)), within(1e-5));
    assertThat(result.get(0).confidence()).isGreaterThan(result.get(1).confidence());
  }

  @Test
  void maxAlternativesCapsWhatIsAskedOfTheServer() throws Exception {
    FakeVoskServer server = server(new FakeVoskServer.Options());
    RemoteVoskEngine engine = engine(server.url(), "max-alternatives", "1");
    List<Hypothesis> result =
        recognize(engine, new StreamRequest("en-US", List.of(), 10, Map.of()), yes);
    assertThat(server.connections.get(0).configs.get(0).path("max_alternatives").asInt())
        .isEqualTo(1);
    assertThat(result).extracting(Hypothesis::text).containsExactly("yes");
  }

  @Test
  void grammarPhrasesAreSentAsThePhraseList() throws Exception {
    FakeVoskServer server = server(new FakeVoskServer.Options());
    RemoteVoskEngine engine = engine(server.url());
    StreamRequest grammar =
        new StreamRequest("en-US", List.of("Four  five six ONE", "yes", "no", "yes"), 1, Map.of());
    List<Hypothesis> result = recognize(engine, grammar, speech);

    JsonNode phrases = server.connections.get(0).configs.get(0).path("phrase_list");
    assertThat(phrases.isArray()).isTrue();
    List<String> sent = new ArrayList<>();
    phrases.forEach(p -> sent.add(p.asText()));
    assertThat(sent).containsExactly("four five six one", "yes", "no", "[unk]");
    assertThat(result).extracting(Hypothesis::text).containsExactly("four five six one");
  }

  @Test
  void connectionRefusedFailsQuicklyNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port;
    RemoteVoskEngine engine = engine(url);
    RecordingListener events = new RecordingListener();
    long start = System.nanoTime();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feed(stream, Arrays.copyOf(speech, 3200));

    EngineException e = events.error(5);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    assertThat(e.kind()).isEqualTo(EngineException.Kind.ENGINE_FAILURE);
    assertThat(e.getMessage()).contains("cannot connect", url);
    await().atMost(Duration.ofSeconds(2)).until(() -> engine.activeStreams() == 0);
    stream.close();
  }

  @Test
  void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
    // Accepted by the kernel's backlog, never read: TCP connects, the handshake never finishes.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String url = "ws://127.0.0.1:" + silent.getLocalPort();
      RemoteVoskEngine engine = engine(url, "connect-timeout-ms", "400");
      RecordingListener events = new RecordingListener();
      long start = System.nanoTime();
      engine.open(StreamRequest.transcribe("en-US"), events).endOfInput();
      EngineException e = events.error(5);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(350L, 3000L);
      assertThat(e.getMessage()).contains(url, "400 ms", "connect-timeout-ms");
    }
  }

  @Test
  void aServerClosingMidStreamIsAnError() throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.closeAfterAudioMessages = 3;
    Call call = call(options);
    feed(call.stream, speech);

    EngineException e = call.events.error(10);
    assertThat(e.getMessage()).contains(call.server.url(), "closed the connection", "final result");
    assertThat(call.connection().sawEof).isFalse();
    await().atMost(Duration.ofSeconds(2)).until(() -> call.engine.activeStreams() == 0);
    call.stream.close();
  }

  @Test
  void aServerEndingTheWebSocketMidStreamIsAnErrorWithItsStatus() throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.closeAfterAudioMessages = 2;
    options.closeWith = WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
    Call call = call(options);
    feed(call.stream, speech);
    call.stream.endOfInput();

    EngineException e = call.events.error(10);
    assertThat(e.getMessage())
        .contains(
            call.server.url(), "closed the WebSocket (1011 Internal server error)", "final result");
    call.connection().closed.get(5, TimeUnit.SECONDS);
    call.stream.close();
  }

  @Test
  void malformedJsonFromTheServerIsAnError() throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.malformedReplies = true;
    Call call = call(options);
    feed(call.stream, speech);
    call.stream.endOfInput();

    EngineException e = call.events.error(10);
    assertThat(e.getMessage()).contains(call.server.url(), "malformed JSON");
    assertThat(call.events.partials).isEmpty();
    // The call.stream hangs up on such a call.server.
    call.connection().closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void noAnswerToTheEndOfInputFailsAfterTheFinalTimeout() throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.ignoreEof = true;
    Call call = call(options, "final-timeout-ms", "600");
    feed(call.stream, speech);
    call.stream.endOfInput();
    long ended = System.nanoTime();

    EngineException e = call.events.error(10);
    FakeVoskServer.Connection c = call.connection();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended)).isGreaterThan(550);
    assertThat(e.getMessage()).contains(call.server.url(), "600 ms", "final-timeout-ms");
    // The server got it (it may still have been decoding the audio when the time ran out).
    await().atMost(Duration.ofSeconds(10)).until(() -> c.sawEof);
    c.closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void closeDuringAStreamClosesTheSocketAndNothingIsReportedAfterwards() throws Exception {
    Call call = call(new FakeVoskServer.Options());
    feed(call.stream, Arrays.copyOf(speech, speech.length / 2));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !call.server.connections.isEmpty() && call.connection().audioMessages > 2);

    Thread closer = new Thread(call.stream::close, "closer");
    closer.start();
    closer.join();
    int callsAtClose = call.events.calls.get();
    call.stream.close(); // idempotent
    // Audio and the end of input after close are ignored, not sent.
    feed(call.stream, Arrays.copyOfRange(speech, speech.length / 2, speech.length));
    call.stream.endOfInput();

    FakeVoskServer.Connection c = call.connection();
    c.closed.get(5, TimeUnit.SECONDS);
    assertThat(c.sawCloseFrame).isTrue();
    assertThat(c.sawEof).isFalse();
    await().atMost(Duration.ofSeconds(2)).until(() -> call.engine.activeStreams() == 0);
    Thread.sleep(300);
    assertThat(call.events.calls.get()).isEqualTo(callsAtClose);
    assertThat(call.events.done).isNotDone();
  }

  @Test
  void audioFedBeforeTheHandshakeCompletesIsDeliveredInOrder() throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.handshakeDelayMs = 500;
    Call call = call(options);
    feed(call.stream, speech);
    call.stream.endOfInput();
    long fedAt = System.nanoTime();

    List<Hypothesis> result = call.events.result(20);
    FakeVoskServer.Connection c = call.connection();
    assertThat(c.handshakeNanos).isGreaterThan(fedAt);
    assertThat(c.audio()).isEqualTo(littleEndian(speech));
    assertThat(result).extracting(Hypothesis::text).containsExactly("four five six one");
  }

  @Test
  void aBacklogBeyondTheLimitFailsTheStream() throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.handshakeDelayMs = 3000;
    long start = System.nanoTime();
    Call call = call(options, "max-queued-seconds", "1");
    feed(call.stream, speech); // 2.5 s while the handshake waits
    call.stream.endOfInput();

    EngineException e = call.events.error(5);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    assertThat(e.kind()).isEqualTo(EngineException.Kind.ENGINE_FAILURE);
    assertThat(e.getMessage()).contains("more than 1 s of audio", "max-queued-seconds");
    call.stream.close();
  }

  @Test
  void wssRefusesACertificateTheJdkDoesNotTrust(@TempDir Path dir) throws Exception {
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.tls = serverTls(TestKeys.make(dir));
    FakeVoskServer server = server(options);
    assertThat(server.url()).startsWith("wss://");
    RemoteVoskEngine engine = engine(server.url());
    RecordingListener events = new RecordingListener();
    engine.open(StreamRequest.transcribe("en-US"), events).endOfInput();
    EngineException e = events.error(10);
    assertThat(e.getMessage()).contains(server.url());
    assertThat(e).hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
    assertThat(server.connections.get(0).audioMessages).isZero();
  }

  @Test
  void wssRecognizesWhenTheJdkTrustsTheServer(@TempDir Path dir) throws Exception {
    TestKeys.Files keys = TestKeys.make(dir);
    FakeVoskServer.Options options = new FakeVoskServer.Options();
    options.tls = serverTls(keys);
    FakeVoskServer server = server(options);
    String before = System.getProperty("javax.net.ssl.trustStore");
    System.setProperty("javax.net.ssl.trustStore", keys.trustStore().toString());
    System.setProperty("javax.net.ssl.trustStorePassword", TestKeys.PASSWORD);
    RemoteVoskEngine engine;
    try {
      engine = engine(server.url());
    } finally {
      if (before == null) {
        System.clearProperty("javax.net.ssl.trustStore");
      } else {
        System.setProperty("javax.net.ssl.trustStore", before);
      }
      System.clearProperty("javax.net.ssl.trustStorePassword");
    }
    List<Hypothesis> result = recognize(engine, StreamRequest.transcribe("en-US"), speech);
    assertThat(result).extracting(Hypothesis::text).containsExactly("four five six one");
  }

  @Test
  void anotherLanguageIsRefusedWithItsOwnKind() throws Exception {
    RemoteVoskEngine engine = engine("ws://127.0.0.1:9", "language", "en-US");
    assertThat(engine.languages()).containsExactly("en-US");
    assertThatThrownBy(
            () -> engine.open(StreamRequest.transcribe("de-DE"), new RecordingListener()))
        .isInstanceOf(EngineException.class)
        .extracting(e -> ((EngineException) e).kind())
        .isEqualTo(EngineException.Kind.LANGUAGE_UNSUPPORTED);
  }

  @Test
  void closingTheEngineEndsItsOpenStreamsWithAnError() throws Exception {
    Call call = call(new FakeVoskServer.Options());
    feed(call.stream, Arrays.copyOf(speech, 8000));
    await().atMost(Duration.ofSeconds(5)).until(() -> !call.server.connections.isEmpty());
    call.engine.close();
    assertThat(call.events.error(5))
        .hasMessage("the vosk-remote engine was closed before the final result");
    call.connection().closed.get(5, TimeUnit.SECONDS);
    assertThat(call.engine.activeStreams()).isZero();
    call.stream.close();
  }

  @Test
  void aClosedEngineOpensNoStream() throws Exception {
    RemoteVoskEngine engine = engine("ws://127.0.0.1:9");
    engine.close();
    engine.close();
    assertThatThrownBy(
            () -> engine.open(StreamRequest.transcribe("en-US"), new RecordingListener()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("closed");
  }

  // ---- helpers ----

  /** A stand-in server, an engine for it, and one open stream. */
  private static final class Call {
    final FakeVoskServer server;
    final RemoteVoskEngine engine;
    final RecordingListener events = new RecordingListener();
    final RecognitionStream stream;

    Call(FakeVoskServer server, RemoteVoskEngine engine) throws EngineException {
      this.server = server;
      this.engine = engine;
      this.stream = engine.open(StreamRequest.transcribe("en-US"), events);
    }

    FakeVoskServer.Connection connection() {
      return server.connections.get(0);
    }
  }

  private Call call(FakeVoskServer.Options options, String... settings) throws Exception {
    FakeVoskServer server = server(options);
    return new Call(server, engine(server.url(), settings));
  }

  private FakeVoskServer server(FakeVoskServer.Options options) throws Exception {
    FakeVoskServer server = new FakeVoskServer(model, options);
    toClose.add(server);
    return server;
  }

  private RemoteVoskEngine engine(String url, String... keyValues) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("url", url);
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    RecognitionEngine engine = new RemoteVoskEngineProvider().create(settings);
    toClose.add(engine);
    return (RemoteVoskEngine) engine;
  }

  private static List<Hypothesis> recognize(
      RecognitionEngine engine, StreamRequest request, short[] pcm) throws Exception {
    RecordingListener events = new RecordingListener();
    try (RecognitionStream stream = engine.open(request, events)) {
      feed(stream, pcm);
      stream.endOfInput();
      return events.result(20);
    }
  }

  /** 20 ms frames, as RTP delivers them. */
  private static void feed(RecognitionStream stream, short[] pcm) {
    for (int off = 0; off < pcm.length; off += 320) {
      stream.feed(pcm, off, Math.min(320, pcm.length - off));
    }
  }

  private static byte[] littleEndian(short[] pcm) {
    byte[] out = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      out[2 * i] = (byte) pcm[i];
      out[2 * i + 1] = (byte) (pcm[i] >> 8);
    }
    return out;
  }

  private static io.netty.handler.ssl.SslContext serverTls(TestKeys.Files keys) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(keys.keyStore())) {
      ks.load(in, TestKeys.PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, TestKeys.PASSWORD.toCharArray());
    return SslContextBuilder.forServer(kmf).build();
  }
}
