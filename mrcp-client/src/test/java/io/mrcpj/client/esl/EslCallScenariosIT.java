package io.mrcpj.client.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What applications do with calls, against a scripted FreeSWITCH: a timed hangup cancelled by a
 * key, play_and_detect_speech and how it can end, and outbound sockets under load and misuse.
 */
class EslCallScenariosIT {

  private static final String YES =
      "<?xml version=\"1.0\"?>\n<result>\n  <interpretation grammar=\"builtin:grammar/boolean\""
          + " confidence=\"0.91\">\n    <instance>true</instance>\n    <input mode=\"speech\">yes</input>\n"
          + "  </interpretation>\n</result>\n";
  private static final String NO_INPUT =
      "<?xml version=\"1.0\"?>\n<result>\n  <interpretation>\n    <input><noinput/></input>\n"
          + "  </interpretation>\n</result>\n";

  private FakeFreeswitch fs;
  private EslClient client;
  private final String uuid = UUID.randomUUID().toString();

  @BeforeEach
  void start() throws Exception {
    fs = new FakeFreeswitch("ClueCon");
    fs.api(
        "originate",
        a -> "+OK " + a.substring(a.indexOf("origination_uuid=") + 17, a.indexOf('}')) + "\n");
    client = EslClient.builder().port(fs.port()).connect().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    fs.close();
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("completed normally");
  }

  /**
   * The scenario: invite a call into a conference and hang it up unless it presses 1 within the
   * time allowed. Returns whether it was kept and every hangup of the call that was seen.
   */
  private boolean inviteToConference(Runnable caller, List<CallHangupEvent> hangups)
      throws Exception {
    client.addListener(
        e -> {
          if (e instanceof CallHangupEvent h && uuid.equals(h.uniqueId())) {
            hangups.add(h);
          }
        });
    get(client.subscribe("DTMF", "CHANNEL_HANGUP_COMPLETE"));
    BackgroundJobEvent job =
        get(
            client.bgapi(
                "originate {origination_uuid=" + uuid + "}loopback/7001 &conference(sales)"));
    assertThat(job.result()).isEqualTo("+OK " + uuid + "\n");
    EslCall call = client.call(uuid);
    ScheduledHangup timer = get(call.hangupAfter(Duration.ofMillis(800)));
    CompletableFuture<Boolean> kept = new CompletableFuture<>();
    call.addListener(
        e -> {
          if (e instanceof DtmfEvent d && d.digit() == '1') {
            timer.cancel().thenAccept(kept::complete);
          }
        });
    caller.run();
    try {
      return kept.get(2500, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  @Test
  void aCallThatPressesOneInTimeStaysInTheConference() throws Exception {
    List<CallHangupEvent> hangups = Collections.synchronizedList(new ArrayList<>());
    boolean kept = inviteToConference(() -> fs.event(EventTemplates.dtmf(uuid, '1')), hangups);
    assertThat(kept).isTrue();
    Thread.sleep(1500);
    assertThat(hangups).isEmpty();
    assertThat(fs.commands())
        .contains(
            "api sched_api +1 mrcpj-hangup-"
                + uuid
                + " uuid_kill "
                + uuid
                + " ALLOTTED_TIMEOUT\n\n",
            "api sched_del 41\n\n");
  }

  @Test
  void aCallThatDoesNotPressOneIsHungUpWhenTheTimeIsUp() throws Exception {
    List<CallHangupEvent> hangups = Collections.synchronizedList(new ArrayList<>());
    boolean kept = inviteToConference(() -> fs.event(EventTemplates.dtmf(uuid, '2')), hangups);
    assertThat(kept).isFalse();
    await().atMost(Duration.ofSeconds(3)).until(() -> hangups.size() == 1);
    assertThat(hangups.get(0).cause()).isEqualTo("ALLOTTED_TIMEOUT");
    // cancelling afterwards says it had already run
    ScheduledHangup late = new ScheduledHangup(uuid, 41, c -> client.api(c));
    assertThat(get(late.cancel())).isFalse();
  }

  private void playAndDetect(String result, boolean hangUp, char key) {
    fs.app(
        "play_and_detect_speech",
        (conn, call, arg, appUuid) -> {
          boolean events = "true".equals(fs.variable(call, "fire_asr_events"));
          if (key != 0) {
            fs.event(EventTemplates.dtmf(call, key));
            conn.executed(
                call,
                "play_and_detect_speech",
                arg,
                appUuid,
                Map.of("playback_terminator_used", String.valueOf(key)));
            return;
          }
          if (events && result != null) {
            fs.event(EventTemplates.detectedSpeech(call, "begin-speaking", null));
            fs.event(EventTemplates.detectedSpeech(call, "detected-speech", result));
          }
          if (hangUp) {
            fs.event(EventTemplates.hangupComplete(call, "NORMAL_CLEARING"));
            return;
          }
          conn.executed(
              call,
              "play_and_detect_speech",
              arg,
              appUuid,
              result == null ? Map.of() : Map.of("detect_speech_result", result));
        });
  }

  private CompletableFuture<SpeechResult> detect() {
    return client
        .call(uuid)
        .playAndDetectSpeech("ivr/q.wav", "unimrcp:mrcpj", "builtin:grammar/boolean", Map.of());
  }

  private static Map<String, String> params() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("start-input-timers", "false");
    p.put("no-input-timeout", "5000");
    return p;
  }

  @Test
  void playAndDetectSpeechCompletesWithTheRecognizersResult() throws Exception {
    playAndDetect(YES, false, (char) 0);
    SpeechResult r =
        get(
            client
                .call(uuid)
                .playAndDetectSpeech(
                    "ivr/yes-or-no.wav", "unimrcp:mrcpj", "builtin:grammar/boolean", params()));
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.SPEECH);
    assertThat(r.text()).isEqualTo("yes");
    assertThat(r.confidence()).isEqualTo(0.91f);
    assertThat(r.result().best().instance()).isEqualTo("true");
    assertThat(r.completion().application()).isEqualTo("play_and_detect_speech");
    assertThat(fs.commands())
        .containsSubsequence(
            "event json CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE DETECTED_SPEECH DTMF\n\n",
            "api uuid_setvar " + uuid + " fire_asr_events true\n\n",
            "api uuid_setvar " + uuid + " detect_speech_result\n\n",
            "api uuid_setvar " + uuid + " playback_terminator_used\n\n");
    String sendmsg =
        fs.commands().stream().filter(c -> c.startsWith("sendmsg")).findFirst().orElseThrow();
    assertThat(sendmsg)
        .startsWith(
            "sendmsg "
                + uuid
                + "\ncall-command: execute\nexecute-app-name: play_and_detect_speech\n")
        .contains(
            "execute-app-arg: ivr/yes-or-no.wav detect:unimrcp:mrcpj"
                + " {start-input-timers=false,no-input-timeout=5000}builtin:grammar/boolean\n")
        .contains("event-lock: true\n")
        .containsPattern("Event-UUID: [0-9a-f-]{36}\n");
  }

  @Test
  void anOldResultLeftOnTheChannelIsNotTakenForANewOne() throws Exception {
    // a previous play_and_detect_speech left its result on the channel
    get(client.call(uuid).setVariable("detect_speech_result", YES.replace("\n", "")));
    assertThat(fs.variable(uuid, "detect_speech_result")).contains("yes");
    playAndDetect(null, false, (char) 0);
    SpeechResult r =
        get(
            client
                .call(uuid)
                .playAndDetectSpeech(
                    "ivr/again.wav", "unimrcp:mrcpj", "builtin:grammar/boolean", Map.of()));
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.NONE);
    assertThat(r.text()).isEmpty();
  }

  @Test
  void theRecognizersNoInputIsNoInput() throws Exception {
    playAndDetect(NO_INPUT, false, (char) 0);
    SpeechResult r = get(detect());
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.NO_INPUT);
  }

  @Test
  void aKeyThatCutsThePromptShortIsADtmfResult() throws Exception {
    playAndDetect(null, false, '#');
    SpeechResult r = get(detect());
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.DTMF);
    assertThat(r.dtmf()).isEqualTo("#");
    assertThat(r.text()).isEqualTo("#");
  }

  @Test
  void aHangupBeforeTheEndFailsTheRecognitionWithItsCause() throws Exception {
    playAndDetect(null, true, (char) 0);
    Throwable t = failure(detect());
    assertThat(t).isInstanceOf(CallHangupException.class).hasMessageContaining(uuid);
    assertThat(((CallHangupException) t).hangupCause()).isEqualTo("NORMAL_CLEARING");
  }

  @Test
  void anApplicationFreeSwitchRefusesFailsWithItsAnswer() throws Exception {
    Throwable t = failure(client.call(uuid).execute("no_such_app", "x"));
    assertThat(t)
        .isInstanceOf(EslCommandException.class)
        .hasMessageContaining("-ERR invalid application");
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsSent() throws Exception {
    int before = fs.commands().size();
    EslCall call = client.call(uuid);
    assertThat(failure(call.playAndDetectSpeech("a.wav detect:x", "unimrcp:p", "g", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detect:");
    assertThat(failure(call.playAndDetectSpeech("a.wav", "unimrcp p", "g", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engine");
    assertThat(failure(call.playAndDetectSpeech("a.wav", "unimrcp:p", "g", Map.of("a", "1,b=2"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a=1,b=2");
    assertThat(failure(call.hangupAfter(Duration.ofSeconds(5), "normal clearing")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(call.execute("playback", "a.wav\nexit")))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.call("not a uuid"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fs.commands()).hasSize(before);
  }

  // ---------------------------------------------------------------- outbound

  @Test
  void anOutboundHandlerMayWaitForCommandsAndListenersMayToo() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    playAndDetect(YES, false, (char) 0);
    try (EslOutboundServer server =
        EslOutboundServer.builder()
            .port(0)
            .handler(
                call -> {
                  call.addListener(
                      e -> {
                        if (e instanceof ExecuteCompleteEvent x
                            && "answer".equals(x.application())) {
                          // waiting inside a listener for a command's answer must not deadlock
                          log.add("listener " + call.api("echo from-listener").join().text());
                        }
                      });
                  log.add("answer " + call.execute("answer", null).join().application());
                  SpeechResult r =
                      call.playAndDetectSpeech(
                              "ivr/q.wav", "unimrcp:mrcpj", "builtin:grammar/boolean", Map.of())
                          .join();
                  log.add("speech " + r.text());
                  log.add("hangup " + call.hangup("NORMAL_CLEARING").join().text());
                  done.countDown();
                })
            .start()) {
      FakeFreeswitch.Conn conn = fs.dialOut(server.port(), uuid);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(log)
          .containsExactlyInAnyOrder(
              "answer answer", "listener from-listener", "speech yes", "hangup +OK");
      assertThat(conn.received.get(0)).isEqualTo("connect\n\n");
      assertThat(conn.received.get(1)).isEqualTo("myevents\n\n");
      assertThat(conn.received.get(2)).isEqualTo("linger\n\n");
      assertThat(conn.received)
          .anyMatch(
              c ->
                  c.startsWith(
                      "sendmsg\ncall-command: execute\nexecute-app-name: play_and_detect_speech\n"));
      await().atMost(Duration.ofSeconds(5)).until(conn::isClosed);
      await().until(() -> server.activeCalls() == 0);
    }
  }

  @Test
  void callsBeyondMaxCallsAreRefusedAndCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EslOutboundServer server =
        EslOutboundServer.builder().port(0).maxCalls(1).handler(call -> release.await()).start()) {
      FakeFreeswitch.Conn first = fs.dialOut(server.port(), uuid);
      await().until(() -> server.activeCalls() == 1);
      FakeFreeswitch.Conn second = fs.dialOut(server.port(), UUID.randomUUID().toString());
      await().atMost(Duration.ofSeconds(5)).until(second::isClosed);
      assertThat(second.received).isEmpty();
      assertThat(server.refusedCalls()).isEqualTo(1);
      assertThat(first.isClosed()).isFalse();
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(first::isClosed);
      // the socket closes just before the handler's thread counts the call as ended
      await().atMost(Duration.ofSeconds(5)).until(() -> server.activeCalls() == 0);
    }
  }

  @Test
  void aHandlerStuckAfterTheHangupCannotHoldTheSocketPastTheLingerLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EslOutboundServer server =
        EslOutboundServer.builder()
            .port(0)
            .linger(EslOutboundServer.Builder.Linger.UNTIL_CLOSED, Duration.ofMillis(500))
            .handler(call -> release.await())
            .start()) {
      FakeFreeswitch.Conn conn = fs.dialOut(server.port(), uuid);
      await().until(() -> conn.received.size() == 3);
      conn.lingerNotice();
      await().atMost(Duration.ofSeconds(3)).until(conn::isClosed);
      release.countDown();
      await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0);
    }
  }
}
