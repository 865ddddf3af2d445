package io.mrcpj.client.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ESL client and outbound server against FreeSWITCH's side of real captures
 * (shared/interop/freeswitch), replayed byte for byte by {@link EslReplayPeer}, which also checks
 * that every command matches what the real client sent.
 */
class EslReplayIT {

  private static final long WAIT = 10;

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT, TimeUnit.SECONDS);
  }

  private static List<EslEvent> collect(EslClient fs) {
    List<EslEvent> seen = Collections.synchronizedList(new ArrayList<>());
    fs.addListener(seen::add);
    return seen;
  }

  private static <T extends EslEvent> List<T> only(List<EslEvent> seen, Class<T> type) {
    synchronized (seen) {
      return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  @Test
  void inboundSessionWithJsonEventsBgapiDtmfErrorsFilterAndSendmsg() throws Exception {
    try (EslReplayPeer peer = new EslReplayPeer(EslCapture.load("inbound-json")).listen()) {
      EslClient fs = get(EslClient.builder().port(peer.port()).connect());
      List<EslEvent> seen = collect(fs);
      EslReply sub =
          get(
              fs.subscribe(
                  "CHANNEL_CREATE",
                  "CHANNEL_ANSWER",
                  "CHANNEL_HANGUP_COMPLETE",
                  "DTMF",
                  "BACKGROUND_JOB",
                  "CHANNEL_EXECUTE_COMPLETE",
                  "CUSTOM"));
      assertThat(sub.text()).isEqualTo("+OK event listener enabled json");

      BackgroundJobEvent job = get(fs.bgapi("originate loopback/7001 &park"));
      assertThat(job.result()).isEqualTo("+OK c79f2b01-8efe-4130-876e-ea134a3bf337\n");
      String a = job.result().substring(4).strip();

      EslReply sent = get(fs.api("uuid_send_dtmf " + a + " 1*9#"));
      assertThat(sent.text()).isEqualTo("+OK " + a + " sent DTMF 1*9#.");
      await().atMost(Duration.ofSeconds(5)).until(() -> only(seen, DtmfEvent.class).size() == 4);
      assertThat(only(seen, DtmfEvent.class))
          .extracting(DtmfEvent::digit)
          .containsExactly('1', '*', '9', '#');

      EslReply noChannel = get(fs.api("uuid_kill 00000000-0000-0000-0000-000000000000"));
      assertThat(noChannel.isOk()).isFalse();
      assertThat(noChannel.text()).isEqualTo("-ERR No such channel!");
      assertThat(get(fs.api("nosuchcommand")).text())
          .isEqualTo("-ERR nosuchcommand Command not found!");

      assertThat(get(fs.filter("Unique-ID", a)).text()).startsWith("+OK filter added.");
      ExecuteCompleteEvent played =
          get(fs.call(a).execute("playback", "tone_stream://%(200,0,440)"));
      assertThat(played.application()).isEqualTo("playback");
      assertThat(played.applicationResponse()).isEqualTo("FILE PLAYED");
      assertThat(played.uniqueId()).isEqualTo(a);

      assertThat(get(fs.api("uuid_kill " + a)).text()).isEqualTo("+OK");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  only(seen, CallHangupEvent.class).stream().anyMatch(h -> a.equals(h.uniqueId())));
      assertThat(only(seen, CallCreatedEvent.class)).hasSize(2);
      fs.close();

      assertThat(peer.await(5000)).isTrue();
      assertThat(peer.problems()).isEmpty();
      assertThat(peer.received()).last().isEqualTo("exit\n\n");
      assertThat(fs.isConnected()).isFalse();
      assertThat(fs.stats().reconnects()).isZero();
    }
  }

  @Test
  void aWrongPasswordFailsTheConnectWithFreeSwitchsAnswer() throws Exception {
    try (EslReplayPeer peer = new EslReplayPeer(EslCapture.load("auth-fail")).listen()) {
      CompletableFuture<EslClient> f =
          EslClient.builder().port(peer.port()).password("WrongPassword").connect();
      assertThatThrownBy(() -> f.get(WAIT, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(EslAuthException.class)
          .hasMessageContaining("-ERR invalid");
      assertThat(peer.await(5000)).isTrue();
      assertThat(peer.problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "detected-speech, JSON, ALL",
    "detected-speech-plain, PLAIN, BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE"
        + " DETECTED_SPEECH CUSTOM unimrcp::profile_open unimrcp::profile_close",
    "detected-speech-xml, XML, BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE"
        + " DETECTED_SPEECH CUSTOM unimrcp::profile_open unimrcp::profile_close"
  })
  void detectSpeechEventsArriveOnceInEveryFormat(String capture, EventFormat format, String names)
      throws Exception {
    try (EslReplayPeer peer = new EslReplayPeer(EslCapture.load(capture)).listen()) {
      EslClient fs = get(EslClient.builder().port(peer.port()).eventFormat(format).connect());
      List<EslEvent> seen = collect(fs);
      get(fs.subscribe(names.split(" ")));
      BackgroundJobEvent job =
          get(
              fs.bgapi(
                  "originate loopback/7031"
                      + " sleep:1200,playback:/usr/local/freeswitch/sounds/peers/one-8kHz.wav,park"
                      + " inline"));
      String a = job.result().substring(4).strip();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> only(seen, DetectedSpeechEvent.class).size() >= 2);
      get(fs.api("uuid_kill " + a));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  only(seen, DetectedSpeechEvent.class).stream()
                      .anyMatch(d -> d.type() == DetectedSpeechEvent.Type.CLOSED));
      fs.close();

      List<DetectedSpeechEvent> speech = only(seen, DetectedSpeechEvent.class);
      assertThat(speech)
          .extracting(DetectedSpeechEvent::type)
          .containsExactly(
              DetectedSpeechEvent.Type.BEGIN_SPEAKING,
              DetectedSpeechEvent.Type.DETECTED_SPEECH,
              DetectedSpeechEvent.Type.CLOSED);
      assertThat(speech.get(1).result().best().input()).isEqualTo("one");
      assertThat(speech.get(1).format()).isEqualTo(format);
      assertThat(fs.stats().duplicates()).isEqualTo(2);
      assertThat(only(seen, CustomEvent.class))
          .extracting(EslEvent::subclass)
          .containsExactly("unimrcp::profile_open", "unimrcp::profile_close");
      assertThat(peer.await(5000)).isTrue();
      assertThat(peer.problems()).isEmpty();
    }
  }

  @Test
  void playAndDetectSpeechCompletionCarriesTheResult() throws Exception {
    try (EslReplayPeer peer =
        new EslReplayPeer(EslCapture.load("play-and-detect-speech")).listen()) {
      EslClient fs = get(EslClient.builder().port(peer.port()).connect());
      List<EslEvent> seen = collect(fs);
      get(fs.subscribe("ALL"));
      get(
          fs.bgapi(
              "originate loopback/7032"
                  + " sleep:1200,playback:/usr/local/freeswitch/sounds/peers/one-8kHz.wav,park"
                  + " inline"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  only(seen, ExecuteCompleteEvent.class).stream()
                      .anyMatch(x -> "play_and_detect_speech".equals(x.application())));
      fs.close();
      ExecuteCompleteEvent done =
          only(seen, ExecuteCompleteEvent.class).stream()
              .filter(x -> "play_and_detect_speech".equals(x.application()))
              .findFirst()
              .orElseThrow();
      SpeechResult r = CallOps.speechResult(new CallTracker.Op(done.uniqueId(), "x"), done);
      assertThat(r.kind()).isEqualTo(SpeechResult.Kind.SPEECH);
      assertThat(r.text()).isEqualTo("one");
      assertThat(r.confidence()).isEqualTo(0.97f);
      assertThat(only(seen, DetectedSpeechEvent.class)).hasSize(3);
      assertThat(fs.stats().duplicates()).isZero();
      assertThat(peer.await(5000)).isTrue();
      assertThat(peer.problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource({"outbound, UNTIL_CLOSED", "outbound-linger5, TIMED", "outbound-nolinger, NONE"})
  void outboundCallAnsweredPlayedAndHungUp(String capture, EslOutboundServer.Builder.Linger linger)
      throws Exception {
    List<Object> saw = Collections.synchronizedList(new ArrayList<>());
    EslOutboundServer server =
        EslOutboundServer.builder()
            .port(0)
            .linger(linger, Duration.ofSeconds(5))
            .handler(
                call -> {
                  saw.add(call.channelData());
                  saw.add(get(call.execute("answer", null)));
                  saw.add(get(call.execute("playback", "tone_stream://%(500,0,440)")));
                  saw.add(get(call.hangup("NORMAL_CLEARING")));
                })
            .start();
    try (EslReplayPeer peer = new EslReplayPeer(EslCapture.load(capture)).connect(server.port())) {
      assertThat(peer.await(10_000)).isTrue();
      assertThat(peer.problems()).isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> saw.size() == 4);
      ChannelEvent data = (ChannelEvent) saw.get(0);
      assertThat(data.channelName()).isEqualTo("loopback/7030-b");
      assertThat(data.variable("socket_host")).isEqualTo("127.0.0.1");
      ExecuteCompleteEvent answer = (ExecuteCompleteEvent) saw.get(1);
      assertThat(answer.application()).isEqualTo("answer");
      ExecuteCompleteEvent playback = (ExecuteCompleteEvent) saw.get(2);
      assertThat(playback.applicationResponse()).isEqualTo("FILE PLAYED");
      assertThat(((EslReply) saw.get(3)).isOk()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.activeCalls() == 0);
      assertThat(server.acceptedCalls()).isEqualTo(1);
    } finally {
      server.close();
    }
  }
}
