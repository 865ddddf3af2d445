package io.mrcpj.server.resource.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.media.G711;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.SynthesizerHeaders;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.RtpEndpoint;
import io.mrcpj.server.media.RtpMediaService;
import io.mrcpj.tts.spi.Voice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A speechsynth channel sending real RTP to a real loopback socket, with an engine whose audio can
 * be checked exactly ({@link ToneEngine}: 20 ms of a level per character).
 */
class SynthesizerChannelIT {

  /** What the channel sends on the control connection, in order. */
  static final class Line implements ResourceChannel.ControlConnection {
    final BlockingQueue<MrcpMessage> queue = new LinkedBlockingQueue<>();

    @Override
    public void send(MrcpMessage message) {
      queue.add(message);
    }

    @Override
    public String remote() {
      return "test";
    }

    MrcpMessage next() throws InterruptedException {
      MrcpMessage m = queue.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }

    MrcpResponse response(long requestId, int status, RequestState state)
        throws InterruptedException {
      MrcpMessage m = next();
      assertThat(m).isInstanceOf(MrcpResponse.class);
      MrcpResponse r = (MrcpResponse) m;
      assertThat(r.requestId()).isEqualTo(requestId);
      assertThat(r.status().code()).as("status of " + r).isEqualTo(status);
      assertThat(r.state()).isEqualTo(state);
      return r;
    }

    MrcpEvent event(MrcpEventName name, long requestId) throws InterruptedException {
      MrcpMessage m = next();
      assertThat(m).as("expected " + name.name()).isInstanceOf(MrcpEvent.class);
      MrcpEvent e = (MrcpEvent) m;
      assertThat(e.name()).isEqualTo(name);
      assertThat(e.requestId()).isEqualTo(requestId);
      return e;
    }

    void quiet(long millis) throws InterruptedException {
      assertThat(queue.poll(millis, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
    }
  }

  private final ChannelId id = new ChannelId("5ee5", MrcpResource.SPEECHSYNTH);
  private final Line line = new Line();
  private RtpMediaService rtp;
  private RtpEndpoint ep;
  private RtpPeer peer;
  private ToneEngine tone;
  private ToneEngine tone16;
  private SynthesizerChannel channel;
  private long nextId = 1;

  @BeforeEach
  void open() throws Exception {
    rtp = new RtpMediaService(new RtpConfig("127.0.0.1", 35700, 35710), 1);
    ep = rtp.open("call-synth");
    peer = new RtpPeer();
    tone = new ToneEngine("tone8", 8000);
    tone16 = new ToneEngine("tone16", 16000);
    SynthesisEngines engines =
        new SynthesisEngines(Map.of("tone8", tone, "tone16", tone16), "tone8", "en-US");
    channel = new SynthesizerChannel(id, engines, new SynthesizerChannel.Settings(5));
    channel.output(ep.output(peer.address(), RtpCodec.PCMU, 20));
  }

  @AfterEach
  void close() {
    channel.close();
    assertThat(channel.streaming()).isFalse();
    rtp.close();
    peer.close();
    tone.close();
    tone16.close();
  }

  private MrcpRequest.Builder request(MrcpMethod m) {
    return MrcpRequest.builder().method(m).requestId(nextId++).channelId(id);
  }

  private MrcpRequest speak(String text) {
    return request(MrcpMethod.SPEAK)
        .body("text/plain", text.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private MrcpRequest ssml(String ssml) {
    return request(MrcpMethod.SPEAK)
        .body("application/ssml+xml", ssml.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static short coded(int level) {
    return G711.ulawToLinear(G711.linearToUlaw((short) level));
  }

  /** The distinct levels heard, in order (runs of one level collapsed), silence left out. */
  private List<Short> levels() {
    List<Short> out = new java.util.ArrayList<>();
    for (short s : peer.audio()) {
      if (s != 0 && (out.isEmpty() || out.get(out.size() - 1) != s)) {
        out.add(s);
      }
    }
    return out;
  }

  @Test
  void speakPlaysAtTheMediaClockAndCompletesAfterTheLastPacket() throws Exception {
    MrcpRequest r = speak("abcdefghij".repeat(5)); // 50 characters: one second
    long start = System.nanoTime();
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent done = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    long completed = System.nanoTime();
    assertThat(done.state()).isEqualTo(RequestState.COMPLETE);
    assertThat(done.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("000 normal");
    assertThat(TimeUnit.NANOSECONDS.toMillis(completed - start))
        .as("a second of speech takes about a second to send")
        .isGreaterThanOrEqualTo(900);
    await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 50);
    assertThat(peer.packets).hasSize(50);
    assertThat(peer.lastNanos())
        .as("the event left after the last packet")
        .isLessThan(completed + 50_000_000L);
    assertThat(levels())
        .containsExactly(
            "abcdefghij"
                .repeat(5)
                .chars()
                .mapToObj(c -> coded(ToneEngine.level((char) c, ToneEngine.TONE)))
                .toArray(Short[]::new));
    assertThat(peer.packets.get(0).marker()).isTrue();
    assertThat(channel.state()).isEqualTo(SynthesizerChannel.State.IDLE);
  }

  @Test
  void speaksQueueAsPendingAndPlayInOrder() throws Exception {
    MrcpRequest a = speak("aaaaa");
    MrcpRequest b = speak("bbbbb");
    MrcpRequest c = speak("ccccc");
    channel.onRequest(a, line);
    channel.onRequest(b, line);
    channel.onRequest(c, line);
    line.response(a.requestId(), 200, RequestState.IN_PROGRESS);
    line.response(b.requestId(), 200, RequestState.PENDING);
    line.response(c.requestId(), 200, RequestState.PENDING);
    line.event(MrcpEventName.SPEAK_COMPLETE, a.requestId());
    line.event(MrcpEventName.SPEAK_COMPLETE, b.requestId());
    line.event(MrcpEventName.SPEAK_COMPLETE, c.requestId());
    assertThat(levels())
        .containsExactly(
            coded(ToneEngine.level('a', ToneEngine.TONE)),
            coded(ToneEngine.level('b', ToneEngine.TONE)),
            coded(ToneEngine.level('c', ToneEngine.TONE)));
  }

  @Test
  void stopOfAQueuedSpeakLeavesTheActiveOneAndStopAllEndsEverythingWithoutEvents()
      throws Exception {
    MrcpRequest a = speak("a".repeat(100)); // two seconds
    MrcpRequest b = speak("bbbbb");
    MrcpRequest c = speak("ccccc");
    channel.onRequest(a, line);
    channel.onRequest(b, line);
    channel.onRequest(c, line);
    line.response(a.requestId(), 200, RequestState.IN_PROGRESS);
    line.response(b.requestId(), 200, RequestState.PENDING);
    line.response(c.requestId(), 200, RequestState.PENDING);
    MrcpRequest stopB =
        request(MrcpMethod.STOP)
            .header(GenericHeaders.ACTIVE_REQUEST_ID_LIST, List.of(b.requestId()))
            .build();
    channel.onRequest(stopB, line);
    MrcpResponse r = line.response(stopB.requestId(), 200, RequestState.COMPLETE);
    assertThat(r.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST))
        .contains(List.of(b.requestId()));
    Thread.sleep(200);
    MrcpRequest stopAll = request(MrcpMethod.STOP).build();
    long stopped = System.nanoTime();
    channel.onRequest(stopAll, line);
    r = line.response(stopAll.requestId(), 200, RequestState.COMPLETE);
    assertThat(r.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST))
        .contains(List.of(a.requestId(), c.requestId()));
    line.quiet(300);
    assertThat(peer.packets.stream().filter(p -> p.nanos() > stopped + 45_000_000L))
        .as("no audio a packet time after the STOP")
        .isEmpty();
    assertThat(levels()).containsOnly(coded(ToneEngine.level('a', ToneEngine.TONE)));
    assertThat(channel.state()).isEqualTo(SynthesizerChannel.State.IDLE);
  }

  @Test
  void bargeInOccurredKillsThePromptWithinAPacketUnlessKillOnBargeInIsFalse() throws Exception {
    MrcpRequest keep =
        request(MrcpMethod.SPEAK)
            .header(SynthesizerHeaders.KILL_ON_BARGE_IN, false)
            .body("text/plain", "k".repeat(15).getBytes(StandardCharsets.UTF_8))
            .build();
    channel.onRequest(keep, line);
    line.response(keep.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpRequest b1 = request(MrcpMethod.BARGE_IN_OCCURRED).build();
    channel.onRequest(b1, line);
    MrcpResponse r = line.response(b1.requestId(), 200, RequestState.COMPLETE);
    assertThat(r.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST.name())).isEmpty();
    line.event(MrcpEventName.SPEAK_COMPLETE, keep.requestId());

    MrcpRequest kill = speak("x".repeat(100));
    MrcpRequest queued = speak("yyyy");
    channel.onRequest(kill, line);
    channel.onRequest(queued, line);
    line.response(kill.requestId(), 200, RequestState.IN_PROGRESS);
    line.response(queued.requestId(), 200, RequestState.PENDING);
    Thread.sleep(200);
    MrcpRequest b2 = request(MrcpMethod.BARGE_IN_OCCURRED).build();
    long at = System.nanoTime();
    channel.onRequest(b2, line);
    r = line.response(b2.requestId(), 200, RequestState.COMPLETE);
    assertThat(r.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST))
        .contains(List.of(kill.requestId(), queued.requestId()));
    line.quiet(300);
    assertThat(peer.packets.stream().filter(p -> p.nanos() > at + 45_000_000L)).isEmpty();
    assertThat(levels()).doesNotContain(coded(ToneEngine.level('y', ToneEngine.TONE)));
  }

  @Test
  void theCallerSpeakingEndsThePromptWithBargeInAndTheQueueWithIt() throws Exception {
    MrcpRequest a = speak("a".repeat(100));
    MrcpRequest b = speak("bbb");
    channel.onRequest(a, line);
    channel.onRequest(b, line);
    line.response(a.requestId(), 200, RequestState.IN_PROGRESS);
    line.response(b.requestId(), 200, RequestState.PENDING);
    Thread.sleep(100);
    channel.bargeIn();
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, a.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("001 barge-in");
    e = line.event(MrcpEventName.SPEAK_COMPLETE, b.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("001 barge-in");
    assertThat(channel.state()).isEqualTo(SynthesizerChannel.State.IDLE);
  }

  @Test
  void pauseHoldsTheAudioAndResumeFinishesIt() throws Exception {
    MrcpRequest a = speak("p".repeat(25)); // half a second
    long start = System.nanoTime();
    channel.onRequest(a, line);
    line.response(a.requestId(), 200, RequestState.IN_PROGRESS);
    Thread.sleep(200);
    MrcpRequest pause = request(MrcpMethod.PAUSE).build();
    channel.onRequest(pause, line);
    MrcpResponse r = line.response(pause.requestId(), 200, RequestState.COMPLETE);
    assertThat(r.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST))
        .contains(List.of(a.requestId()));
    assertThat(channel.state()).isEqualTo(SynthesizerChannel.State.PAUSED);
    int before = peer.packets.size();
    Thread.sleep(600);
    assertThat(peer.packets.size() - before).as("nothing sent while paused").isLessThanOrEqualTo(1);
    MrcpRequest resume = request(MrcpMethod.RESUME).build();
    channel.onRequest(resume, line);
    line.response(resume.requestId(), 200, RequestState.COMPLETE);
    line.event(MrcpEventName.SPEAK_COMPLETE, a.requestId());
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(took)
        .as("half a second of speech plus the 600 ms pause")
        .isGreaterThanOrEqualTo(1050);
    await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 25);
    assertThat(peer.packets).hasSize(25);
    MrcpRequest again = request(MrcpMethod.RESUME).build();
    channel.onRequest(again, line);
    line.response(again.requestId(), 402, RequestState.COMPLETE);
  }

  @Test
  void ssmlMarksArriveBetweenTheAudioAndBreaksAreSilence() throws Exception {
    MrcpRequest r =
        ssml(
            """
            <?xml version="1.0"?>
            <speak version="1.0" xml:lang="en-US" xmlns="http://www.w3.org/2001/10/synthesis">
              <s>aaaaa</s><mark name="one"/><break time="200ms"/><s>bbbbb</s><mark name="two"/>
            </speak>""");
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent one = line.event(MrcpEventName.SPEECH_MARKER, r.requestId());
    // the 5th datagram may still be in the kernel when the event is read; the 7th is 40 ms away
    await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofMillis(500))
        .until(() -> peer.packets.size() >= 5);
    int heardAtOne = peer.packets.size();
    assertThat(one.state()).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(one.headers().get(SynthesizerHeaders.SPEECH_MARKER.name()).orElseThrow())
        .matches("timestamp=\\d+;one");
    MrcpEvent two = line.event(MrcpEventName.SPEECH_MARKER, r.requestId());
    assertThat(two.headers().get(SynthesizerHeaders.SPEECH_MARKER.name()).orElseThrow())
        .endsWith(";two");
    line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    assertThat(heardAtOne).as("the mark came after the first word's 5 packets").isBetween(5, 6);
    // the last datagram may still be on its way to the peer's reader when the event arrives
    await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 5 + 10 + 5);
    assertThat(levels())
        .containsExactly(
            coded(ToneEngine.level('a', ToneEngine.TONE)),
            coded(ToneEngine.level('b', ToneEngine.TONE)));
    assertThat(peer.packets).hasSize(5 + 10 + 5);
  }

  @Test
  void badSsmlEndsWithParseFailure() throws Exception {
    MrcpRequest r = ssml("<speak><s>unclosed</speak>");
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("002 parse-failure");
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_REASON.name()).orElseThrow())
        .contains("not well-formed");
    MrcpRequest notSpeak = ssml("<grammar>hello</grammar>");
    channel.onRequest(notSpeak, line);
    line.response(notSpeak.requestId(), 200, RequestState.IN_PROGRESS);
    e = line.event(MrcpEventName.SPEAK_COMPLETE, notSpeak.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("002 parse-failure");
    assertThat(peer.packets).isEmpty();
  }

  @Test
  void voicesAreChosenByNameGenderAndLanguageAndAnUnknownNameFallsBack() throws Exception {
    // Voice-Name picks across engines; an unknown name falls back to the language's first voice
    assertThat(heardWith(Map.of("Voice-Name", "bell")))
        .isEqualTo(coded(ToneEngine.level('v', ToneEngine.BELL)));
    assertThat(heardWith(Map.of("Voice-Name", "nobody")))
        .isEqualTo(coded(ToneEngine.level('v', ToneEngine.TONE)));
    assertThat(heardWith(Map.of("Voice-Name", "default")))
        .isEqualTo(coded(ToneEngine.level('v', ToneEngine.TONE)));
    assertThat(heardWith(Map.of("Voice-Gender", "female")))
        .isEqualTo(coded(ToneEngine.level('v', ToneEngine.CHIME)));
    assertThat(heardWith(Map.of("Speech-Language", "de-DE")))
        .isEqualTo(coded(ToneEngine.level('v', ToneEngine.BELL)));
    MrcpRequest r =
        request(MrcpMethod.SPEAK)
            .header(SynthesizerHeaders.SPEECH_LANGUAGE, "fr-FR")
            .body("text/plain", "vv".getBytes(StandardCharsets.UTF_8))
            .build();
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("005 language-unsupported");
  }

  private short heardWith(Map<String, String> headers) throws Exception {
    int before = peer.packets.size();
    MrcpRequest.Builder b = request(MrcpMethod.SPEAK);
    headers.forEach(b::header);
    MrcpRequest r = b.body("text/plain", "vv".getBytes(StandardCharsets.UTF_8)).build();
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name())).contains("000 normal");
    await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= before + 2);
    return peer.packets.get(before).pcm()[80];
  }

  @Test
  void sixteenKilohertzEnginesAreResampledForEightKilohertzCodecs() throws Exception {
    MrcpRequest r =
        request(MrcpMethod.SPEAK)
            .header(GenericHeaders.VENDOR_SPECIFIC_PARAMETERS.name(), "engine=tone16")
            .body("text/plain", "m".repeat(25).getBytes(StandardCharsets.UTF_8))
            .build();
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 25);
    assertThat(peer.packets).hasSize(25);
    short middle = peer.packets.get(12).pcm()[80];
    assertThat((int) middle)
        .isCloseTo(
            ToneEngine.level('m', ToneEngine.TONE),
            org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void paramsAreSetCheckedAndReported() throws Exception {
    MrcpRequest set =
        request(MrcpMethod.SET_PARAMS)
            .header(SynthesizerHeaders.VOICE_NAME, "chime")
            .header(SynthesizerHeaders.PROSODY_RATE, "fast")
            .build();
    channel.onRequest(set, line);
    line.response(set.requestId(), 200, RequestState.COMPLETE);
    MrcpRequest bad = request(MrcpMethod.SET_PARAMS).header("Voice-Gender", "robot").build();
    channel.onRequest(bad, line);
    MrcpResponse r = line.response(bad.requestId(), 404, RequestState.COMPLETE);
    assertThat(r.headers().get("Voice-Gender")).contains("robot");
    MrcpRequest get =
        request(MrcpMethod.GET_PARAMS)
            .header("Voice-Name", "")
            .header("Prosody-Rate", "")
            .header("Kill-On-Barge-In", "")
            .header("Speech-Language", "")
            .build();
    channel.onRequest(get, line);
    r = line.response(get.requestId(), 200, RequestState.COMPLETE);
    assertThat(r.headers().get("Voice-Name")).contains("chime");
    assertThat(r.headers().get("Prosody-Rate")).contains("fast");
    assertThat(r.headers().get("Kill-On-Barge-In")).contains("true");
    assertThat(r.headers().get("Speech-Language")).contains("en-US");
    assertThat(heardWith(Map.of()))
        .as("the session's voice")
        .isEqualTo(coded(ToneEngine.level('v', ToneEngine.CHIME)));
  }

  @Test
  void badRequestsGetClearAnswersAndNothingLeaks() throws Exception {
    MrcpRequest noBody = request(MrcpMethod.SPEAK).build();
    channel.onRequest(noBody, line);
    line.response(noBody.requestId(), 406, RequestState.COMPLETE);
    MrcpRequest html =
        request(MrcpMethod.SPEAK)
            .body("text/html", "<b>x</b>".getBytes(StandardCharsets.UTF_8))
            .build();
    channel.onRequest(html, line);
    line.response(html.requestId(), 409, RequestState.COMPLETE);
    MrcpRequest pause = request(MrcpMethod.PAUSE).build();
    channel.onRequest(pause, line);
    line.response(pause.requestId(), 402, RequestState.COMPLETE);
    MrcpRequest control = request(MrcpMethod.CONTROL).build();
    channel.onRequest(control, line);
    line.response(control.requestId(), 401, RequestState.COMPLETE);
    MrcpRequest boom = speak("explode");
    channel.onRequest(boom, line);
    line.response(boom.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, boom.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name())).contains("004 error");
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_REASON.name()).orElseThrow())
        .contains("exploded");
    MrcpRequest tooLong = speak("z".repeat(300)); // 6 s, over the 5 s limit
    channel.onRequest(tooLong, line);
    line.response(tooLong.requestId(), 200, RequestState.IN_PROGRESS);
    e = line.event(MrcpEventName.SPEAK_COMPLETE, tooLong.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_REASON.name()).orElseThrow())
        .contains("max-speak-seconds");
    channel.output(null);
    MrcpRequest mute = speak("abc");
    channel.onRequest(mute, line);
    line.response(mute.requestId(), 200, RequestState.IN_PROGRESS);
    e = line.event(MrcpEventName.SPEAK_COMPLETE, mute.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name())).contains("004 error");
    assertThat(channel.streaming()).isFalse();
  }

  @Test
  void aDroppedConnectionOrCloseEndsTheSpeakSilently() throws Exception {
    MrcpRequest r = speak("slow " + "s".repeat(100));
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    Thread.sleep(500);
    channel.connectionClosed(line);
    long at = System.nanoTime();
    line.quiet(300);
    assertThat(peer.packets.stream().filter(p -> p.nanos() > at + 45_000_000L)).isEmpty();
    assertThat(channel.state()).isEqualTo(SynthesizerChannel.State.IDLE);
    MrcpRequest again = speak("slow words");
    channel.onRequest(again, line);
    line.response(again.requestId(), 200, RequestState.IN_PROGRESS);
    channel.close();
    line.quiet(600);
    await().atMost(Duration.ofSeconds(2)).until(() -> tone.queuedWork() == 0);
    assertThat(channel.isOpen()).isFalse();
    Voice v = ToneEngine.TONE;
    assertThat(v.speaks("en")).isTrue();
  }

  @Test
  void aUriListPlaysItsWavFilesAndSpeaksItsTextAndSsmlInOrder(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    beep(dir);
    java.nio.file.Files.writeString(dir.resolve("words.txt"), "ab");
    java.nio.file.Files.writeString(
        dir.resolve("more.ssml"), "<speak version=\"1.0\"><s>c</s><mark name=\"end\"/></speak>");
    try (io.mrcpj.server.resource.recog.GrammarFetcher fetcher = fetcher(dir)) {
      useFetcher(fetcher);
      MrcpRequest r =
          uriList(
              dir.resolve("beep.wav").toUri()
                  + "\r\n# a comment\r\n"
                  + dir.resolve("words.txt").toUri()
                  + "\r\n"
                  + dir.resolve("more.ssml").toUri());
      channel.onRequest(r, line);
      line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
      line.event(MrcpEventName.SPEECH_MARKER, r.requestId());
      MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
      assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
          .contains("000 normal");
      await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 13);
      assertThat(peer.packets).hasSize(10 + 3);
      assertThat(levels())
          .containsExactly(
              coded(12000),
              coded(ToneEngine.level('a', ToneEngine.TONE)),
              coded(ToneEngine.level('b', ToneEngine.TONE)),
              coded(ToneEngine.level('c', ToneEngine.TONE)));
    }
  }

  @Test
  void uriListFailuresEndWithUriFailureNamingTheUri(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String off = "http://127.0.0.1:1/a.ssml";
    uriFailure(uriList(off), off, "fetch-disabled");
    java.nio.file.Files.write(dir.resolve("song.mp3"), new byte[] {1, 2, 3, (byte) 0xff});
    try (io.mrcpj.server.resource.recog.GrammarFetcher fetcher = fetcher(dir)) {
      useFetcher(fetcher);
      String missing = dir.resolve("missing.txt").toUri().toString();
      uriFailure(uriList(missing), missing, "not-found");
      String mp3 = dir.resolve("song.mp3").toUri().toString();
      uriFailure(uriList(mp3), mp3, "unsupported-content");
      uriFailure(uriList("file:///etc/passwd"), "file:///etc/passwd", "outside-root");
    }
    assertThat(peer.packets).isEmpty();
  }

  /** Sends {@code r} and expects SPEAK-COMPLETE 003 naming {@code uri} and {@code cause}. */
  private void uriFailure(MrcpRequest r, String uri, String cause) throws Exception {
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
        .contains("003 uri-failure");
    assertThat(e.headers().get(SynthesizerHeaders.FAILED_URI.name())).contains(uri);
    assertThat(e.headers().get(SynthesizerHeaders.FAILED_URI_CAUSE.name())).contains(cause);
  }

  @Test
  void ssmlAudioClipsPlayInPlaceAndOnesThatFailSpeakTheirContent(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String beep = beep(dir);
    String missing = dir.resolve("missing.wav").toUri().toString();
    try (io.mrcpj.server.resource.recog.GrammarFetcher fetcher = fetcher(dir)) {
      useFetcher(fetcher);
      MrcpRequest r =
          ssml(
              """
              <speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">
                <s>aa</s><audio src="%s">xx</audio><mark name="after-beep"/>
                <s>bb</s><audio src="%s">cc</audio>
              </speak>"""
                  .formatted(beep, missing));
      channel.onRequest(r, line);
      line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
      line.event(MrcpEventName.SPEECH_MARKER, r.requestId());
      await()
          .pollInterval(Duration.ofMillis(1))
          .atMost(Duration.ofMillis(500))
          .until(() -> peer.packets.size() >= 2 + 10);
      int heardAtMark = peer.packets.size();
      MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
      assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()))
          .contains("000 normal");
      assertThat(heardAtMark)
          .as("the mark after the clip waits for its 10 packets")
          .isBetween(12, 13);
      await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 2 + 10 + 2 + 2);
      assertThat(levels())
          .as("the clip in place of 'xx'; 'cc' in place of the missing clip")
          .containsExactly(
              coded(ToneEngine.level('a', ToneEngine.TONE)),
              coded(12000),
              coded(ToneEngine.level('b', ToneEngine.TONE)),
              coded(ToneEngine.level('c', ToneEngine.TONE)));
      assertThat(peer.packets).hasSize(2 + 10 + 2 + 2);

      // a clip that cannot play and has nothing to say instead ends the SPEAK, naming it
      int before = peer.packets.size();
      uriFailure(
          ssml("<speak><s>aa</s><audio src=\"%s\"/></speak>".formatted(missing)),
          missing,
          "not-found");
      line.quiet(100);
      assertThat(peer.packets).as("nothing of it played").hasSize(before);
    }
  }

  @Test
  void withFetchingOffSsmlAudioClipsSpeakTheirContentOrFailWithoutAny() throws Exception {
    MrcpRequest r =
        ssml("<speak><audio src=\"http://127.0.0.1:1/hello.wav\"><s>bb</s></audio></speak>");
    channel.onRequest(r, line);
    line.response(r.requestId(), 200, RequestState.IN_PROGRESS);
    MrcpEvent e = line.event(MrcpEventName.SPEAK_COMPLETE, r.requestId());
    assertThat(e.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name())).contains("000 normal");
    await().atMost(Duration.ofSeconds(1)).until(() -> peer.packets.size() >= 2);
    assertThat(levels()).containsExactly(coded(ToneEngine.level('b', ToneEngine.TONE)));
    String hello = "http://127.0.0.1:1/hello.wav";
    uriFailure(ssml("<speak><audio src=\"" + hello + "\"/></speak>"), hello, "fetch-disabled");
  }

  /** Writes beep.wav, 200 ms of level 12000 at 8 kHz, into {@code dir}; returns its URI. */
  private static String beep(java.nio.file.Path dir) throws java.io.IOException {
    short[] wav = new short[1600];
    java.util.Arrays.fill(wav, (short) 12000);
    java.nio.file.Path f = dir.resolve("beep.wav");
    java.nio.file.Files.write(f, io.mrcpj.core.media.WavFile.of(8000, wav).toBytes());
    return f.toUri().toString();
  }

  private io.mrcpj.server.resource.recog.GrammarFetcher fetcher(java.nio.file.Path root) {
    return new io.mrcpj.server.resource.recog.GrammarFetcher(
        new io.mrcpj.server.resource.recog.GrammarFetcher.Settings(
            java.util.Set.of("127.0.0.1"), 1 << 20, 5_000, 0, root));
  }

  private void useFetcher(io.mrcpj.server.resource.recog.GrammarFetcher fetcher) {
    channel.close();
    SynthesisEngines engines =
        new SynthesisEngines(Map.of("tone8", tone, "tone16", tone16), "tone8", "en-US");
    channel = new SynthesizerChannel(id, engines, new SynthesizerChannel.Settings(5, fetcher));
    channel.output(ep.output());
  }

  private MrcpRequest uriList(String list) {
    return request(MrcpMethod.SPEAK)
        .body("text/uri-list", list.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
