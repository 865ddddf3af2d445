package io.mrcpj.asr.alibaba;

import static io.mrcpj.asr.alibaba.Harness.SPEECH_16K;
import static io.mrcpj.asr.alibaba.Harness.TOKEN_ENV;
import static io.mrcpj.asr.alibaba.Harness.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.StreamRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a recognition can fail, each ending it with one {@code onError} whose message says what
 * happened (the server turns it into 006 recognizer-error and a Completion-Reason), and the
 * stream's connection closed.
 */
class AlibabaNlsFailuresIT {

  private final Harness h = new Harness();

  @AfterEach
  void closeAll() throws Exception {
    h.close();
  }

  @Test
  void taskFailedAtTheStartIsAnErrorWithItsStatus() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.failStartStatus = 40000003;
    Harness.Call run = run(script);
    EngineException e = run.events().error(10);
    assertThat(e.kind()).isEqualTo(EngineException.Kind.ENGINE_FAILURE);
    assertThat(e.getMessage())
        .contains(
            run.server().url(),
            "TaskFailed 40000003",
            "a parameter was refused",
            "Gateway:PARAM_ERROR:appkey not exist");
    run.connection().closed.get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(2)).until(() -> run.engine().activeStreams() == 0);
  }

  @Test
  void taskFailedMidStreamIsAnError() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.failAfterBytes = 32_000;
    script.failStatus = 50000000;
    Harness.Call run = run(script);
    EngineException e = run.events().error(10);
    assertThat(e.getMessage())
        .contains("TaskFailed 50000000, service error", "the recognizer stopped");
    assertThat(run.events().partialTexts()).contains("four");
    run.connection().closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aRefusedTokenIsNamedButNeverShown() throws Exception {
    FakeNlsServer server = h.server(new FakeNlsServer.Script());
    String token = "a-token-the-gateway-refuses";
    AlibabaNlsEngine engine = h.engine(server.url(), Map.of(Credentials.TOKEN_ENV, token));
    Recorder events = new Recorder();
    engine.open(StreamRequest.transcribe("en-US"), events).endOfInput();
    EngineException e = events.error(10);
    assertThat(server.connection().token).isEqualTo(token);
    assertThat(e.getMessage())
        .contains(server.url(), "refused the WebSocket upgrade: 403 Forbidden")
        .contains("ACCESS_DENIED")
        .doesNotContain(token)
        .contains("***");
  }

  @Test
  void connectionRefusedFailsQuicklyNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port + "/ws/v1";
    AlibabaNlsEngine engine = h.engine(url, TOKEN_ENV);
    Recorder events = new Recorder();
    long start = System.nanoTime();
    feed(engine.open(StreamRequest.transcribe("en-US"), events), SPEECH_16K, 16_000);
    EngineException e = events.error(5);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    assertThat(e.getMessage()).contains("cannot connect to " + url, "refused");
    await().atMost(Duration.ofSeconds(2)).until(() -> engine.activeStreams() == 0);
  }

  @Test
  void aServerThatNeverAnswersTheUpgradeTimesOut() throws Exception {
    // Accepted by the kernel's backlog, never read: TCP connects, the upgrade never ends.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String url = "ws://127.0.0.1:" + silent.getLocalPort() + "/ws/v1";
      AlibabaNlsEngine engine = h.engine(url, TOKEN_ENV, "connect-timeout-ms", "400");
      Recorder events = new Recorder();
      long start = System.nanoTime();
      engine.open(StreamRequest.transcribe("en-US"), events).endOfInput();
      EngineException e = events.error(5);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(350L, 3000L);
      assertThat(e.getMessage()).contains(url, "400 ms", "connect-timeout-ms");
    }
  }

  @Test
  void aStartNeverConfirmedTimesOut() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.neverStart = true;
    long start = System.nanoTime();
    Harness.Call run = run(script, "connect-timeout-ms", "600");
    EngineException e = run.events().error(5);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(550L, 4000L);
    assertThat(e.getMessage())
        .contains(run.server().url(), "TranscriptionStarted", "600 ms", "connect-timeout-ms");
    run.connection().closed.get(5, TimeUnit.SECONDS);
    assertThat(run.connection().audio()).isEmpty();
  }

  @Test
  void noCompletionAfterTheEndOfInputFailsAfterTheFinalTimeout() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.ignoreStop = true;
    Harness.Call run = run(script, "final-timeout-ms", "600");
    long ended = System.nanoTime();
    EngineException e = run.events().error(10);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended)).isGreaterThan(550);
    assertThat(e.getMessage()).contains(run.server().url(), "600 ms", "final-timeout-ms");
    FakeNlsServer.Connection c = run.connection();
    assertThat(c.command("StopTranscription")).isNotNull();
    c.closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionDroppedMidStreamIsAnError() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.dropAfterBytes = 32_000;
    Harness.Call run = run(script);
    EngineException e = run.events().error(10);
    assertThat(e.getMessage())
        .isEqualTo("the connection to " + run.server().url() + " closed before the final result");
    await().atMost(Duration.ofSeconds(2)).until(() -> run.engine().activeStreams() == 0);
  }

  @Test
  void aWebSocketClosedMidStreamIsAnErrorWithItsStatus() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.dropAfterBytes = 32_000;
    script.dropWithCloseFrame = true;
    Harness.Call run = run(script);
    EngineException e = run.events().error(10);
    assertThat(e.getMessage())
        .isEqualTo(
            run.server().url()
                + " closed the WebSocket (1011 recognizer crashed) before the final result");
    run.connection().closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aMessageTheSdkCannotReadIsAnError() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.garbageAfterStart = true;
    Harness.Call run = run(script);
    EngineException e = run.events().error(10);
    assertThat(e.getMessage()).contains(run.server().url(), "a message the SDK cannot read");
    run.connection().closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aBacklogBeyondTheLimitFailsTheStreamAtOnce() throws Exception {
    FakeNlsServer.Script script = new FakeNlsServer.Script();
    script.startDelayMs = 3000;
    long start = System.nanoTime();
    Harness.Call call = h.call(script, "max-queued-seconds", "1");
    feed(call.stream(), SPEECH_16K, 16_000); // 2.5 s while the start is not confirmed
    call.stream().endOfInput();
    Recorder events = call.events();
    AlibabaNlsEngine engine = call.engine();
    EngineException e = events.error(5);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    assertThat(e.getMessage()).contains("more than 1 s of audio", "max-queued-seconds");
    assertThat(events.calls.get(0).thread()).startsWith("alibaba-nls-io");
    await().atMost(Duration.ofSeconds(2)).until(() -> engine.activeStreams() == 0);
  }

  // ---- helpers ----

  /** A call whose stream was fed the speech and ended. */
  private Harness.Call run(FakeNlsServer.Script script, String... settings) throws Exception {
    Harness.Call call = h.call(script, settings);
    feed(call.stream(), SPEECH_16K, 16_000);
    call.stream().endOfInput();
    return call;
  }
}
