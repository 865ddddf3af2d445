package io.mrcpj.asr.aws;

import static io.mrcpj.asr.aws.TranscriptJson.alt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.aws.FakeTranscribeServer.Call;
import io.mrcpj.asr.aws.FakeTranscribeServer.Script;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.WavFile;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine through the real AWS SDK against {@link FakeTranscribeServer}, a stand-in speaking the
 * service's wire protocol (HTTP/2, event-stream framing) on loopback, with real speech (flite's rms
 * voice, mrcp-client's 8 kHz fixture brought to 16 kHz by mrcp-core's Resampler). The server checks
 * the request and the audio; the scripts answer as the service does.
 */
class AwsTranscribeEngineIT {

  /** 20 ms at 16 kHz: what the RTP path hands the engine per packet. */
  private static final int FRAME = 320;

  private static short[] speech;

  private FakeTranscribeServer server;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void loadSpeech() throws Exception {
    try (InputStream in =
        AwsTranscribeEngineIT.class.getResourceAsStream("/speech/rms-four-five-six-one-8k.wav")) {
      WavFile wav = WavFile.read(in.readAllBytes());
      assertThat(wav.sampleRate()).isEqualTo(8000);
      Resampler up = Resampler.upsampler();
      short[] out = new short[up.maxOutputLength(wav.sampleCount())];
      int n = up.process(wav.samples(), 0, wav.sampleCount(), out, 0);
      speech = Arrays.copyOf(out, n);
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new FakeTranscribeServer();
    toClose.add(server);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private RecognitionEngine engine(String... extra) throws EngineException {
    Map<String, String> s = new HashMap<>();
    s.put("endpoint", server.endpoint());
    s.put("profile", "mrcpj-test");
    s.put("final-timeout-ms", "5000");
    for (int i = 0; i < extra.length; i += 2) {
      s.put(extra[i], extra[i + 1]);
    }
    RecognitionEngine e = provider().create(s);
    toClose.add(e);
    return e;
  }

  private static RecognitionEngineProvider provider() {
    for (RecognitionEngineProvider p : ServiceLoader.load(RecognitionEngineProvider.class)) {
      if (p.name().equals("aws-transcribe")) {
        return p;
      }
    }
    throw new AssertionError("aws-transcribe is not registered with ServiceLoader");
  }

  /** Feeds the speech in 20 ms frames, as the RTP path does, and returns the bytes sent. */
  private static byte[] feedSpeech(RecognitionStream stream) {
    for (int off = 0; off < speech.length; off += FRAME) {
      stream.feed(speech, off, Math.min(FRAME, speech.length - off));
    }
    return littleEndian(speech);
  }

  private static byte[] littleEndian(short[] pcm) {
    byte[] out = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      out[2 * i] = (byte) pcm[i];
      out[2 * i + 1] = (byte) (pcm[i] >> 8);
    }
    return out;
  }

  @Test
  void partialAndFinalResultsAreMapped() throws Exception {
    server.script(
        new Script() {
          @Override
          public void onAudio(Call call, int index) {
            switch (index) {
              case 1 -> call.transcript(TranscriptJson.empty());
              case 3 -> call.transcript(TranscriptJson.event("r1", true, alt("four", 0.7)));
              case 6 -> call.transcript(TranscriptJson.event("r1", true, alt("four five", 0.7)));
              case 8 ->
                  call.transcript(TranscriptJson.event("r1", false, alt("four five", 0.9, 0.8)));
              case 12 -> call.transcript(TranscriptJson.event("r2", true, alt("six")));
              default -> {}
            }
          }

          @Override
          public void onEndOfInput(Call call) {
            call.transcript(
                TranscriptJson.event(
                    "r2", false, alt("six one.", 0.95, 0.85), alt("six won.", 0.6, 0.5)));
            call.end();
          }
        });
    RecognitionEngine engine = engine();
    assertThat(engine.sampleRate()).isEqualTo(16_000);
    Events events = new Events();
    RecognitionStream stream =
        engine.open(new StreamRequest("en-us", List.of("four five six one"), 3, Map.of()), events);

    long start = System.nanoTime();
    byte[] sent = feedSpeech(stream);
    long feedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    stream.endOfInput();

    List<Hypothesis> nBest = events.finalResult(10);
    assertThat(nBest)
        .extracting(Hypothesis::text)
        .containsExactly("four five six one.", "four five six won.");
    // Mean of the words' confidences, punctuation left out.
    assertThat(nBest.get(0).confidence())
        .isCloseTo((0.9f + 0.8f + 0.95f + 0.85f) / 4, within(1e-4f));
    assertThat(nBest.get(1).confidence()).isCloseTo((0.9f + 0.8f + 0.6f + 0.5f) / 4, within(1e-4f));
    assertThat(events.partials)
        .extracting(Hypothesis::text)
        .containsExactly("four", "four five", "four five six");
    // A partial without word confidences keeps the earlier segments' mean.
    assertThat(events.partials.get(2).confidence()).isCloseTo(0.85f, within(1e-4f));
    assertThat(events.all).allSatisfy(e -> assertThat(e.thread()).doesNotStartWith("main"));

    Call call = server.nextCall(1);
    assertThat(call.header(":method")).isEqualTo("POST");
    assertThat(call.header(":path")).isEqualTo("/stream-transcription");
    assertThat(call.header("x-amzn-transcribe-language-code")).isEqualTo("en-US");
    assertThat(call.header("x-amzn-transcribe-sample-rate")).isEqualTo("16000");
    assertThat(call.header("x-amzn-transcribe-media-encoding")).isEqualTo("pcm");
    assertThat(call.header("content-type")).isEqualTo("application/vnd.amazon.eventstream");
    assertThat(call.header("authorization")).contains("AKIDMRCPJTEST0000000");
    assertThat(call.audio()).as("the audio, in order").isEqualTo(sent);
    // 100 ms per event: the whole chunks and the rest at the end.
    assertThat(call.audioEvents()).isEqualTo((sent.length + 3199) / 3200);
    assertThat(server.problems()).isEmpty();
    assertThat(feedMs).as("feeding %d ms of audio", speech.length / 16).isLessThan(500);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ((AwsTranscribeEngine) engine).activeStreams() == 0);
    Thread.sleep(200);
    assertThat(events.ends()).as("one final result only").isEqualTo(1);
  }

  @Test
  void bareLanguageAndSettingsReachTheRequest() throws Exception {
    server.script(
        new Script() {
          @Override
          public void onEndOfInput(Call call) {
            call.end();
          }
        });
    RecognitionEngine engine =
        engine("partial-stability", "high", "vocabulary-name", "digits-v1", "language", "en-GB");
    Events events = new Events();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en"), events);
    stream.feed(speech, 0, 1600);
    stream.endOfInput();

    assertThat(events.finalResult(10)).as("nothing heard").isEmpty();
    Call call = server.nextCall(1);
    assertThat(call.header("x-amzn-transcribe-language-code")).isEqualTo("en-GB");
    assertThat(call.header("x-amzn-transcribe-enable-partial-results-stabilization"))
        .isEqualTo("true");
    assertThat(call.header("x-amzn-transcribe-partial-results-stability")).isEqualTo("high");
    assertThat(call.header("x-amzn-transcribe-vocabulary-name")).isEqualTo("digits-v1");
    assertThat(call.audio()).isEqualTo(littleEndian(Arrays.copyOf(speech, 1600)));

    assertThatThrownBy(() -> engine.open(StreamRequest.transcribe("xx-YY"), new Events()))
        .isInstanceOf(EngineException.class)
        .extracting(e -> ((EngineException) e).kind())
        .isEqualTo(EngineException.Kind.LANGUAGE_UNSUPPORTED);
  }

  @Test
  void exceptionEventIsAnError() throws Exception {
    server.script(
        new Script() {
          @Override
          public void onAudio(Call call, int index) {
            if (index == 1) {
              call.transcript(TranscriptJson.event("r1", true, alt("four", 0.7)));
            } else if (index == 3) {
              call.exception("BadRequestException", "Your stream has an unsupported sample rate.");
            }
          }
        });
    RecognitionEngine engine = engine();
    Events events = new Events();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feedSpeech(stream);
    stream.endOfInput();

    EngineException error = events.error(10);
    assertThat(error.kind()).isEqualTo(EngineException.Kind.ENGINE_FAILURE);
    assertThat(error.getMessage())
        .contains("refused the request (BadRequestException)")
        .contains("Your stream has an unsupported sample rate.")
        .contains(server.endpoint());
    assertThat(events.partials).extracting(Hypothesis::text).containsExactly("four");
    Thread.sleep(300);
    assertThat(events.ends()).isEqualTo(1);
    assertThat(server.problems()).isEmpty();
  }

  @Test
  void httpErrorBeforeTheStreamIsAnError() throws Exception {
    server.script(
        new Script() {
          @Override
          public boolean onRequest(Call call) {
            call.httpError(
                429, "LimitExceededException", "You have reached your limit of streams.");
            return false;
          }
        });
    RecognitionEngine engine = engine();
    Events events = new Events();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feedSpeech(stream);
    stream.endOfInput();

    EngineException error = events.error(10);
    assertThat(error.getMessage())
        .contains("(LimitExceededException)")
        .contains("You have reached your limit of streams.");
    assertThat(server.nextCall(1)).isNotNull();
    assertThat(server.nextCall(0)).as("a recognition is not retried").isNull();
  }

  @Test
  void noFinalWithinTheTimeoutIsAnError() throws Exception {
    server.script(
        new Script() {
          @Override
          public void onAudio(Call call, int index) {
            if (index == 1) {
              call.transcript(TranscriptJson.event("r1", true, alt("four", 0.7)));
            }
          }
          // The end of input is never answered.
        });
    RecognitionEngine engine = engine("final-timeout-ms", "700");
    Events events = new Events();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feedSpeech(stream);
    Call call = server.nextCall(5);
    await().atMost(Duration.ofSeconds(5)).until(() -> call.audioEvents() > 0);
    long ended = System.nanoTime();
    stream.endOfInput();

    EngineException error = events.error(10);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);
    assertThat(error.getMessage()).contains("no final result").contains("final-timeout-ms");
    assertThat(ms).isBetween(600L, 5000L);
    assertThat(call.closed.get(5, TimeUnit.SECONDS)).as("the client abandoned the stream").isTrue();
    assertThat(call.endOfInput).isDone();
  }

  @Test
  void closeMidStreamCancelsAndNothingFollows() throws Exception {
    server.script(
        new Script() {
          @Override
          public void onAudio(Call call, int index) {
            if (index == 1) {
              call.transcript(TranscriptJson.event("r1", true, alt("four", 0.7)));
            }
          }
        });
    AwsTranscribeEngine engine = (AwsTranscribeEngine) engine();
    Events events = new Events();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    stream.feed(speech, 0, 3200); // 200 ms
    Call call = server.nextCall(5);
    assertThat(call).isNotNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.partials.isEmpty());

    stream.close();
    stream.close(); // idempotent
    stream.feed(speech, 3200, 3200);
    stream.endOfInput();

    assertThat(call.closed.get(5, TimeUnit.SECONDS)).as("the stream was reset").isTrue();
    assertThat(call.endOfInput).as("close is not an end of input").isNotDone();
    // Whatever the server would still send has nowhere to go.
    call.transcript(TranscriptJson.event("r1", false, alt("four five", 0.9, 0.9)));
    call.end();
    Thread.sleep(500);
    assertThat(events.all).hasSize(1); // the partial before close
    assertThat(call.audio()).hasSize(6400);
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.activeStreams() == 0);
  }

  @Test
  void serverNotListeningIsAnError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RecognitionEngine engine =
        engine(
            "endpoint",
            "http://127.0.0.1:" + port,
            "connect-timeout-ms",
            "2000",
            // a cold SDK on a busy machine can take seconds to report the refusal: the final
            // timeout must not win the race this test is not about
            "final-timeout-ms",
            "30000");
    Events events = new Events();
    RecognitionStream stream = engine.open(StreamRequest.transcribe("en-US"), events);
    feedSpeech(stream);
    stream.endOfInput();

    EngineException error = events.error(35);
    assertThat(error.getMessage()).startsWith("cannot reach http://127.0.0.1:" + port);
  }

  @Test
  void unknownProfileFailsTheLoadClearly() {
    assertThatThrownBy(() -> engine("profile", "nobody"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("aws-transcribe has no AWS credentials")
        .hasMessageContaining("profile 'nobody'");
  }

  @Test
  void noCredentialsInTheDefaultChainFailsTheLoadClearly() {
    Assumptions.assumeTrue(
        System.getenv("AWS_ACCESS_KEY_ID") == null
            && System.getenv("AWS_PROFILE") == null
            && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
            && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
            && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null,
        "this environment has AWS credentials of its own");
    Map<String, String> s = Map.of("endpoint", server.endpoint());
    assertThatThrownBy(() -> provider().create(s))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("aws-transcribe has no AWS credentials from the default chain")
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }
}
