package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mrcpj.server.LogContext;
import io.mrcpj.server.SpeechServer;
import io.mrcpj.server.config.LoggingConfig;
import io.mrcpj.server.config.MetricsConfig;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.SharedVosk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees of a real server (real Vosk, real sockets): the Prometheus endpoint and the
 * health and readiness endpoints over HTTP while sessions run, the log lines of each session
 * carrying its Call-ID and Channel-Identifier on every thread that works for it, and masking of
 * what callers said.
 */
class OperationsIT {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger serverLog;
  private Level serverLogLevel;

  private record Running(SpeechServer server, int sipPort) {
    MrcpClient.Builder client() {
      return MrcpClient.builder().server("127.0.0.1", sipPort);
    }
  }

  private Running start(int rtpMin, boolean mask) throws Exception {
    int sip = FreePorts.udpAndTcp();
    ServerConfig cfg =
        new ServerConfig(
                new SipConfig("127.0.0.1", sip, null, null, null, null),
                new MrcpConfig("127.0.0.1", 0, null, null, 1),
                new RtpConfig("127.0.0.1", rtpMin, rtpMin + 200),
                null,
                null)
            .withMetrics(new MetricsConfig(true, "127.0.0.1", 0))
            .withLogging(new LoggingConfig(mask));
    SpeechServer s = new SpeechServer(cfg, SharedVosk.get()).start();
    open.add(s);
    return new Running(s, sip);
  }

  private void captureServerLog(Level level) {
    serverLog = (Logger) LoggerFactory.getLogger("io.mrcpj.server");
    serverLogLevel = serverLog.getLevel();
    serverLog.setLevel(level);
    logs.start();
    serverLog.addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    if (serverLog != null) {
      serverLog.detachAppender(logs);
      serverLog.setLevel(serverLogLevel);
    }
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private HttpResponse<String> get(SpeechServer s, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + s.opsAddress().getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

  /** The samples of a Prometheus text page, keyed {@code name{labels}} as printed. */
  private Map<String, Double> scrape(SpeechServer s) throws Exception {
    HttpResponse<String> r = get(s, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Double> out = new HashMap<>();
    Matcher m = SAMPLE.matcher(r.body());
    while (m.find()) {
      out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.valueOf(m.group(3)));
    }
    return out;
  }

  private static RecognizeRequest speech(String fixture) throws Exception {
    return RecognizeRequest.builder()
        .grammar(Grammar.TRANSCRIBE)
        .audio(TestServer.speech(fixture))
        .pacing(Pacing.FAST)
        .build();
  }

  @Test
  void metricsHealthAndReadinessFollowRealSessions() throws Exception {
    Running r = start(41000, false);
    SpeechServer s = r.server();
    assertThat(get(s, "/health").statusCode()).isEqualTo(200);
    assertThat(get(s, "/ready").statusCode()).isEqualTo(200);
    assertThat(scrape(s)).containsEntry("mrcpj_ready", 1.0);

    try (MrcpClient client = r.client().build()) {
      try (ClientSession session = client.openSession(Duration.ofSeconds(5))) {
        assertThat(scrape(s)).containsEntry("mrcpj_sessions_active", 1.0);
        RecognitionResult result = session.recognizeSync(speech("rms-four-five-six-one"));
        assertThat(result.text()).isEqualTo("four five six one");
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(scrape(s)).containsEntry("mrcpj_sessions_active", 0.0));
      Map<String, Double> m = scrape(s);
      assertThat(m)
          .containsEntry("mrcpj_sessions_setups_total{result=\"accepted\"}", 1.0)
          .containsEntry("mrcpj_sip_responses_total{method=\"INVITE\",status=\"200\"}", 1.0)
          .containsEntry("mrcpj_sip_responses_total{method=\"BYE\",status=\"200\"}", 1.0)
          .containsEntry("mrcpj_mrcp_requests_total{method=\"RECOGNIZE\",status=\"200\"}", 1.0)
          .containsEntry("mrcpj_recognitions_total{cause=\"000\"}", 1.0)
          .containsEntry("mrcpj_session_setup_seconds_count", 1.0)
          .containsEntry("mrcpj_recognize_in_progress_seconds_count", 1.0)
          .containsEntry("mrcpj_recognition_after_speech_seconds_count", 1.0)
          .containsKey("mrcpj_workers_queued{pool=\"engine\"}")
          .containsKey("mrcpj_workers_queued{pool=\"sip\"}")
          .containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}");
      // the fixture is about 2.5 s of audio: 20 ms packets, and the engine heard all of it
      assertThat(m.get("mrcpj_rtp_packets_total{codec=\"PCMU\"}")).isGreaterThan(100.0);
      assertThat(m.get("mrcpj_rtp_lost_total{codec=\"PCMU\"}")).isZero();
      assertThat(m.get("mrcpj_engine_audio_seconds_total")).isGreaterThan(2.0);
      assertThat(m.get("mrcpj_engine_busy_seconds_total")).isGreaterThan(0.0);
      assertThat(m.get("mrcpj_engine_realtime_factor")).isStrictlyBetween(0.0, 5.0);
      assertThat(m.get("mrcpj_session_setup_seconds_sum")).isStrictlyBetween(0.0, 5.0);

      // draining: readiness goes down, SIP OPTIONS and INVITE get 503, and both are counted
      s.drain(true);
      HttpResponse<String> ready = get(s, "/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("draining");
      assertThat(get(s, "/health").statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5)))
          .isInstanceOf(SessionRefusedException.class);
      m = scrape(s);
      assertThat(m)
          .containsEntry("mrcpj_ready", 0.0)
          .containsEntry("mrcpj_sessions_setups_total{result=\"refused\",status=\"503\"}", 1.0)
          .containsEntry("mrcpj_sip_responses_total{method=\"INVITE\",status=\"503\"}", 1.0);
      s.drain(false);
      assertThat(get(s, "/ready").statusCode()).isEqualTo(200);
    }
    int port = s.opsAddress().getPort();
    s.close();
    assertThat(s.opsAddress()).isNull();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void everyLogLineOfASessionNamesItsCallAndChannel() throws Exception {
    Running r = start(41400, false);
    captureServerLog(Level.DEBUG);
    List<ClientSession> sessions = new ArrayList<>();
    try (MrcpClient client = r.client().build()) {
      for (int i = 0; i < 2; i++) {
        sessions.add(client.openSession(Duration.ofSeconds(5)));
      }
      // both at once, so pooled threads serve both sessions in turn
      List<CompletableFuture<RecognitionResult>> results = new ArrayList<>();
      for (ClientSession session : sessions) {
        results.add(session.recognize(speech("rms-four-five-six-one")));
      }
      for (CompletableFuture<RecognitionResult> f : results) {
        assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).text())
            .isEqualTo("four five six one");
      }
      Map<String, String> channelOf = new HashMap<>();
      for (ClientSession session : sessions) {
        channelOf.put(session.callId(), session.channelId().toString());
        session.close();
      }
      r.server().metrics(); // the server is still up: its lines are all in
      await().atMost(Duration.ofSeconds(5)).until(() -> r.server().sessions() == 0);

      List<ILoggingEvent> events = logLines();
      Map<String, List<ILoggingEvent>> byCall =
          events.stream()
              .filter(e -> e.getMDCPropertyMap().containsKey(LogContext.CALL_ID))
              .collect(Collectors.groupingBy(e -> e.getMDCPropertyMap().get(LogContext.CALL_ID)));
      assertThat(byCall.keySet()).containsExactlyInAnyOrderElementsOf(channelOf.keySet());
      for (Map.Entry<String, String> s : channelOf.entrySet()) {
        String callId = s.getKey();
        String channel = s.getValue();
        String otherCall =
            channelOf.keySet().stream().filter(c -> !c.equals(callId)).findFirst().orElseThrow();
        String otherChannel = channelOf.get(otherCall);
        // a line that names the session carries its keys, whatever thread logged it
        for (ILoggingEvent e : events) {
          String text = e.getFormattedMessage();
          if (text.contains(callId) || text.contains(channel)) {
            assertThat(e.getMDCPropertyMap().get(LogContext.CALL_ID))
                .as("[%s] %s", e.getThreadName(), text)
                .isEqualTo(callId);
          }
          if (text.contains(channel)) {
            assertThat(e.getMDCPropertyMap().get(LogContext.CHANNEL))
                .as("[%s] %s", e.getThreadName(), text)
                .isEqualTo(channel);
          }
        }
        // and no line of this session names the other one (a pooled thread kept stale keys)
        for (ILoggingEvent e : byCall.get(callId)) {
          assertThat(e.getFormattedMessage())
              .as("[%s] %s", e.getThreadName(), e.getFormattedMessage())
              .doesNotContain(otherCall)
              .doesNotContain(otherChannel);
        }
        // SIP workers, MRCP event loops and the engine's threads all logged for it
        assertThat(
                byCall.get(callId).stream()
                    .map(e -> e.getThreadName().replaceAll("[-\\d]+$", ""))
                    .collect(Collectors.toSet()))
            .as("threads that logged for %s", callId)
            .hasSizeGreaterThanOrEqualTo(3);
      }
      // a line about no session carries no session keys
      assertThat(events)
          .filteredOn(e -> e.getFormattedMessage().startsWith("MRCP connection from"))
          .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).doesNotContainKey("callId"));
    }
  }

  @Test
  void maskTextKeepsWhatCallersSaidOutOfTheLog() throws Exception {
    Running plain = start(41000, false);
    Running masked = start(41200, true);
    captureServerLog(Level.INFO);
    for (Running r : List.of(plain, masked)) {
      try (MrcpClient client = r.client().build();
          ClientSession session = client.openSession(Duration.ofSeconds(5))) {
        assertThat(session.recognizeSync(speech("rms-four-five-six-one")).text())
            .isEqualTo("four five six one");
      }
    }
    List<ILoggingEvent> lines = logLines();
    List<String> complete =
        lines.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .filter(t -> t.matches(".*RECOGNIZE \\d+ complete: 000 success.*"))
            .toList();
    assertThat(complete).hasSize(2);
    assertThat(complete)
        .anySatisfy(
            t ->
                assertThat(t)
                    .matches(".*heard \"four five six one\" \\(confidence \\d\\.\\d\\d\\)"))
        .anySatisfy(
            t ->
                assertThat(t)
                    .matches(".*heard \"\\[17 chars masked]\" \\(confidence \\d\\.\\d\\d\\)"));
    assertThat(lines)
        .filteredOn(e -> e.getFormattedMessage().contains("four five six one"))
        .hasSize(1);
  }

  /**
   * The server's lines so far. Its threads may still be logging (a connection closing), and the
   * appender adds under its own lock, so the copy is taken under it.
   */
  private List<ILoggingEvent> logLines() {
    synchronized (logs) {
      return new ArrayList<>(logs.list);
    }
  }
}
