package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.codec.MrcpDecoder;
import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import io.mrcpj.core.sdp.ConnectionMode;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.core.testing.Interop;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's synthesizer against a scripted server (SIP, MRCP and RTP on loopback): the SPEAK it
 * sends, the audio it collects, SPEECH-MARKER, STOP, BARGE-IN-OCCURRED, refusals and a dropped
 * connection. The replay test plays what UniMRCP's server sent umc, byte for byte.
 */
class SynthesizerIT {

  private static final String CHANNEL = "1ba0d1c9ab49494d";

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private ScriptedServer server() throws Exception {
    return keep(
        new ScriptedServer(
            Map.of("speechsynth", CHANNEL, "speechrecog", "r1", "recorder", "c1"),
            ConnectionMode.EXISTING));
  }

  private MrcpClient client(ScriptedServer s) throws Exception {
    return keep(MrcpClient.builder().server("127.0.0.1", s.sipPort()).build());
  }

  /** The messages of a captured stream, decoded. */
  private static List<MrcpMessage> decode(byte[] stream) {
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(stream));
    List<MrcpMessage> out = new ArrayList<>();
    Object m;
    while ((m = ch.readInbound()) != null) {
      out.add((MrcpMessage) m);
    }
    ch.finishAndReleaseAll();
    return out;
  }

  /** A captured message with the request-id the client used instead of the captured one. */
  private static byte[] withRequestId(MrcpMessage m, long id) {
    MrcpMessage changed =
        m instanceof MrcpRequest r
            ? r.toBuilder().requestId(id).build()
            : m instanceof MrcpResponse r
                ? r.toBuilder().requestId(id).build()
                : ((MrcpEvent) m).toBuilder().requestId(id).build();
    return MrcpEncoder.encode(changed);
  }

  @Test
  void replayOfUmcsSynthSessionCompletesWithTheToneItWasSent() throws Exception {
    ScriptedServer server = server();
    // UniMRCP's own answer, with this server's ports
    String captured200 =
        new String(
            Interop.bytes("unimrcp/synth-sip-02-resp-200-8060to8062.sip"),
            StandardCharsets.ISO_8859_1);
    String answer = captured200.substring(captured200.indexOf("\r\n\r\n") + 4);
    server.answerWith(
        offer ->
            answer
                .replace("m=application 1544 ", "m=application " + server.mrcpPort() + " ")
                .replace("m=audio 5002 ", "m=audio " + server.rtpPort() + " "));
    MrcpClient client =
        keep(
            MrcpClient.builder()
                .server("127.0.0.1", server.sipPort())
                .codecs(
                    List.of(
                        RtpCodec.PCMU,
                        RtpCodec.PCMA,
                        RtpCodec.G722,
                        RtpCodec.L16_8K.withPayloadType(96)))
                .build());
    ClientSession session =
        keep(client.openSession(Duration.ofSeconds(5), MrcpResource.SPEECHSYNTH));

    // the offer is umc's, but for the o= line and the RTP port
    String offer = server.offer();
    String umc =
        new String(
            Interop.bytes("unimrcp/synth-sip-00-INVITE-8062to8060.sip"),
            StandardCharsets.ISO_8859_1);
    String umcOffer = umc.substring(umc.indexOf("\r\n\r\n") + 4);
    int port = ScriptedServer.audioOf(offer).getPort();
    assertThat(offer.replaceAll("(?m)^o=.*\r\n", ""))
        .isEqualTo(
            umcOffer
                .replaceAll("(?m)^o=.*\r\n", "")
                .replace("m=audio 4000 ", "m=audio " + port + " "));
    assertThat(session.channelId().toString()).isEqualTo(CHANNEL + "@speechsynth");

    ScriptedServer.Connection mrcp = server.accept();
    byte[] umcSpeak = Interop.bytes("unimrcp/synth-mrcp-stream0-client-to-server.bin");
    CompletableFuture<SpeakResult> f =
        session
            .synthesizer()
            .speak(
                SpeakRequest.builder()
                    .content(SpeakRequest.SYNTHESIS_SSML, SpeakEncodingTest.body(umcSpeak))
                    .build());
    MrcpRequest speak = mrcp.next();
    long id = speak.requestId();
    assertThat(mrcp.rawBytes()).isEqualTo(withRequestId(decode(umcSpeak).get(0), id));

    List<MrcpMessage> replies =
        decode(Interop.bytes("unimrcp/synth-mrcp-stream0-server-to-client.bin"));
    assertThat(replies).hasSize(2);
    mrcp.send(withRequestId(replies.get(0), id)); // 200 IN-PROGRESS
    short[] tone = TestAudio.tone(440, 8000);
    server.sendRtp(ScriptedServer.audioOf(offer), TestAudio.pcmu(tone, 65500, 0x1234), 20);
    mrcp.send(withRequestId(replies.get(1), id)); // SPEAK-COMPLETE 000 normal, right after

    SpeakResult r = f.get(5, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.cause()).isEqualTo(SynthesizerCompletionCause.NORMAL);
    assertThat(r.isNormal()).isTrue();
    assertThat(r.stopped()).isFalse();
    assertThat(r.requestId()).isEqualTo(id);
    assertThat(r.sampleRate()).isEqualTo(8000);
    assertThat(r.pcm()).isEqualTo(TestAudio.ulawRoundTrip(tone)); // across a sequence wrap
    assertThat(r.durationMillis()).isEqualTo(1000);
    assertThat(r.audioStats()).isEqualTo(new RtpReceiveStats(50, 8000, 0, 0, 0));
    assertThat(r.message()).isInstanceOf(MrcpEvent.class);
    assertThat(session.synthesizer().audioTotals().packets()).isEqualTo(50);

    session.close();
    assertThat(server.bye(5)).startsWith("BYE ");
  }

  /** A session with a SPEAK answered IN-PROGRESS: the server side and the future. */
  private record Running(
      ScriptedServer server,
      ClientSession session,
      ScriptedServer.Connection mrcp,
      MrcpRequest speak,
      InetSocketAddress audio,
      CompletableFuture<SpeakResult> future) {}

  private Running speaking(SpeakRequest request) throws Exception {
    ScriptedServer server = server();
    MrcpClient client = client(server);
    ClientSession session =
        keep(client.openSession(Duration.ofSeconds(5), MrcpResource.SPEECHSYNTH));
    InetSocketAddress audio = ScriptedServer.audioOf(server.offer());
    ScriptedServer.Connection mrcp = server.accept();
    CompletableFuture<SpeakResult> f = session.synthesizer().speak(request);
    MrcpRequest speak = mrcp.next();
    assertThat(speak.method()).isEqualTo(MrcpMethod.SPEAK);
    mrcp.respond(speak, 200, "IN-PROGRESS");
    return new Running(server, session, mrcp, speak, audio, f);
  }

  @Test
  void theOfferAsksForSpeechsynthAndReceivesOnly() throws Exception {
    ScriptedServer server = server();
    MrcpClient client =
        keep(
            MrcpClient.builder()
                .server("127.0.0.1", server.sipPort())
                .telephoneEvent(false)
                .build());
    keep(client.openSession(Duration.ofSeconds(5), MrcpResource.SPEECHSYNTH));
    String offer = server.offer();
    assertThat(offer)
        .contains("a=resource:speechsynth\r\n")
        .contains("m=audio ")
        .contains("a=recvonly\r\n")
        .doesNotContain("speechrecog")
        .doesNotContain("telephone-event");
  }

  @Test
  void markersOutOfOrderPacketsLossAndOtherPayloadsAreHandled() throws Exception {
    Running run = speaking(SpeakRequest.text("hello"));
    short[] tone = TestAudio.tone(440, 160 * 10);
    List<byte[]> p = new ArrayList<>(TestAudio.pcmu(tone, 100, 77));
    byte[] third = p.get(3);
    p.set(3, p.get(4)); // 4 before 3
    p.set(4, third);
    p.add(5, p.get(5)); // a repeat
    p.remove(8); // packet 7 (index 8 after the repeat) lost
    p.add(2, TestAudio.rtp(101, 5, 0, 77, new byte[4], false)); // a telephone-event
    run.server().sendRtp(run.audio(), p.subList(0, 6), 5);
    run.mrcp()
        .event(
            run.speak(),
            "SPEECH-MARKER",
            "IN-PROGRESS",
            "Speech-Marker",
            "timestamp=857206027059;middle");
    Thread.sleep(50);
    run.server().sendRtp(run.audio(), p.subList(6, p.size()), 5);
    // every datagram in (10 PCMU with the repeat): the drain after SPEAK-COMPLETE is for packets
    // in flight, not for a receiving thread stalled by a cold JVM (seen once: 8 of 9 captured)
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> run.session().synthesizer().audioTotals().packets() == 10);
    run.mrcp()
        .event(
            run.speak(),
            "SPEAK-COMPLETE",
            "COMPLETE",
            "Completion-Cause",
            "000 normal",
            "Speech-Marker",
            "timestamp=857206028000");
    SpeakResult r = run.future().get(5, TimeUnit.SECONDS);

    assertThat(r.markers()).hasSize(1);
    SpeechMarker m = r.markers().get(0);
    assertThat(m.name()).isEqualTo("middle");
    assertThat(m.timestamp()).isEqualTo(857206027059L);
    assertThat(m.audioOffsetMillis()).isBetween(0L, 100L); // up to 5 packets in, some held back
    assertThat(r.audioStats().packets()).isEqualTo(9);
    assertThat(r.audioStats().lost()).isEqualTo(1);
    assertThat(r.audioStats().late()).isEqualTo(1);
    assertThat(run.session().synthesizer().audioTotals().ignored()).isEqualTo(1);
    // the lost packet is silence, the rest in order
    short[] expected = TestAudio.ulawRoundTrip(tone);
    java.util.Arrays.fill(expected, 7 * 160, 8 * 160, (short) 0);
    assertThat(r.pcm()).isEqualTo(expected);
  }

  @Test
  void stopEndsTheSpeakAsCancelledWithTheAudioSoFar() throws Exception {
    Running run = speaking(SpeakRequest.text("a long story"));
    run.server().sendRtp(run.audio(), TestAudio.pcmu(TestAudio.tone(300, 800), 1, 5), 2);
    CompletableFuture<MrcpResponse> stop = run.session().synthesizer().stop();
    MrcpRequest req = run.mrcp().next();
    assertThat(req.method()).isEqualTo(MrcpMethod.STOP);
    run.mrcp()
        .respond(
            req, 200, "COMPLETE", "Active-Request-Id-List", Long.toString(run.speak().requestId()));
    assertThat(stop.get(5, TimeUnit.SECONDS).status().code()).isEqualTo(200);
    SpeakResult r = run.future().get(5, TimeUnit.SECONDS);
    assertThat(r.stopped()).isTrue();
    assertThat(r.cause()).isEqualTo(SynthesizerCompletionCause.CANCELLED);
    assertThat(r.isNormal()).isFalse();
    assertThat(r.pcm()).hasSize(800);
    assertThat(r.message()).isInstanceOf(MrcpResponse.class);

    // the channel is free again: a SPEAK-COMPLETE for the stopped one changes nothing
    run.mrcp().event(run.speak(), "SPEAK-COMPLETE", "COMPLETE", "Completion-Cause", "000 normal");
    CompletableFuture<SpeakResult> next =
        run.session().synthesizer().speak(SpeakRequest.text("again"));
    MrcpRequest again = run.mrcp().next();
    assertThat(again.requestId()).isGreaterThan(req.requestId());
    run.mrcp().respond(again, 200, "COMPLETE", "Completion-Cause", "000 normal");
    assertThat(next.get(5, TimeUnit.SECONDS).cause()).isEqualTo(SynthesizerCompletionCause.NORMAL);
  }

  @Test
  void aStopThatNamesNothingLeavesTheSpeakRunning() throws Exception {
    Running run = speaking(SpeakRequest.text("x"));
    CompletableFuture<MrcpResponse> stop = run.session().synthesizer().stop();
    run.mrcp().respond(run.mrcp().next(), 200, "COMPLETE");
    stop.get(5, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertThat(run.future()).isNotDone();
    run.mrcp().event(run.speak(), "SPEAK-COMPLETE", "COMPLETE", "Completion-Cause", "000 normal");
    assertThat(run.future().get(5, TimeUnit.SECONDS).stopped()).isFalse();
  }

  @Test
  void bargeInPauseResumeAndParams() throws Exception {
    Running run = speaking(SpeakRequest.text("x"));
    Synthesizer synth = run.session().synthesizer();
    CompletableFuture<MrcpResponse> pause = synth.pause();
    MrcpRequest p = run.mrcp().next();
    assertThat(p.method()).isEqualTo(MrcpMethod.PAUSE);
    run.mrcp()
        .respond(
            p, 200, "COMPLETE", "Active-Request-Id-List", Long.toString(run.speak().requestId()));
    assertThat(pause.get(5, TimeUnit.SECONDS).status().code()).isEqualTo(200);
    assertThat(run.future()).isNotDone(); // a pause names the SPEAK but does not end it

    CompletableFuture<MrcpResponse> resume = synth.resume();
    MrcpRequest q = run.mrcp().next();
    assertThat(q.method()).isEqualTo(MrcpMethod.RESUME);
    run.mrcp().respond(q, 200, "COMPLETE");
    resume.get(5, TimeUnit.SECONDS);

    CompletableFuture<MrcpResponse> barge = synth.bargeIn();
    MrcpRequest b = run.mrcp().next();
    assertThat(b.method()).isEqualTo(MrcpMethod.BARGE_IN_OCCURRED);
    run.mrcp()
        .respond(
            b, 200, "COMPLETE", "Active-Request-Id-List", Long.toString(run.speak().requestId()));
    barge.get(5, TimeUnit.SECONDS);
    SpeakResult r = run.future().get(5, TimeUnit.SECONDS);
    assertThat(r.cause()).isEqualTo(SynthesizerCompletionCause.BARGE_IN);
    assertThat(r.stopped()).isTrue();

    CompletableFuture<MrcpResponse> set =
        synth.setParams(
            SynthesizerParams.builder()
                .voiceName("slt")
                .speechLanguage("en-US")
                .prosodyRate("slow")
                .build());
    MrcpRequest s = run.mrcp().next();
    assertThat(s.method()).isEqualTo(MrcpMethod.SET_PARAMS);
    assertThat(s.headers().get("Voice-Name")).contains("slt");
    assertThat(s.headers().get("Speech-Language")).contains("en-US");
    assertThat(s.headers().get("Prosody-Rate")).contains("slow");
    run.mrcp().respond(s, 200, "COMPLETE");
    assertThat(set.get(5, TimeUnit.SECONDS).status().code()).isEqualTo(200);

    CompletableFuture<MrcpResponse> get = synth.getParams("Voice-Name");
    MrcpRequest g = run.mrcp().next();
    assertThat(g.method()).isEqualTo(MrcpMethod.GET_PARAMS);
    assertThat(g.headers().get("Voice-Name")).contains("");
    run.mrcp().respond(g, 200, "COMPLETE", "Voice-Name", "slt");
    assertThat(get.get(5, TimeUnit.SECONDS).headers().get("Voice-Name")).contains("slt");
  }

  @Test
  void aRefusalIsAResultAndASecondSpeakWaits() throws Exception {
    ScriptedServer server = server();
    MrcpClient client = client(server);
    ClientSession session =
        keep(client.openSession(Duration.ofSeconds(5), MrcpResource.SPEECHSYNTH));
    ScriptedServer.Connection mrcp = server.accept();
    CompletableFuture<SpeakResult> f = session.synthesizer().speak(SpeakRequest.text("x"));
    CompletableFuture<SpeakResult> second = session.synthesizer().speak(SpeakRequest.text("y"));
    MrcpRequest speak = mrcp.next();
    mrcp.nothingFor(200); // the second waits in the client
    mrcp.respond(
        speak,
        409,
        "COMPLETE",
        "Completion-Cause",
        "005 language-unsupported",
        "Completion-Reason",
        "no such voice");
    SpeakResult r = f.get(5, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.cause()).isEqualTo(SynthesizerCompletionCause.LANGUAGE_UNSUPPORTED);
    assertThat(r.reason()).isEqualTo("no such voice");
    assertThat(r.pcm()).isEmpty();
    assertThat(r.isNormal()).isFalse();
    MrcpRequest y = mrcp.next();
    assertThat(new String(y.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("y");
    assertThat(second).isNotDone();
    mrcp.respond(y, 200, "COMPLETE", "Completion-Cause", "000 normal");
    assertThat(second.get(5, TimeUnit.SECONDS).cause())
        .isEqualTo(SynthesizerCompletionCause.NORMAL);
  }

  @Test
  void speaksWaitInTheClientInOrderAndAStopOrABargeInCancelsTheWaitingOnes() throws Exception {
    Running run = speaking(SpeakRequest.text("one"));
    Synthesizer synth = run.session().synthesizer();
    CompletableFuture<SpeakResult> two = synth.speak(SpeakRequest.text("two"));
    CompletableFuture<SpeakResult> withdrawn = synth.speak(SpeakRequest.text("withdrawn"));
    CompletableFuture<SpeakResult> three = synth.speak(SpeakRequest.text("three"));
    withdrawn.cancel(false); // the caller changed its mind: it is never sent
    run.mrcp().nothingFor(200);
    run.mrcp().event(run.speak(), "SPEAK-COMPLETE", "COMPLETE", "Completion-Cause", "000 normal");
    assertThat(run.future().get(5, TimeUnit.SECONDS).cause())
        .isEqualTo(SynthesizerCompletionCause.NORMAL);
    MrcpRequest r2 = run.mrcp().next();
    assertThat(new String(r2.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("two");
    run.mrcp().respond(r2, 200, "IN-PROGRESS");
    run.mrcp().nothingFor(200);
    assertThat(three).isNotDone();
    run.mrcp().event(r2, "SPEAK-COMPLETE", "COMPLETE", "Completion-Cause", "000 normal");
    assertThat(two.get(5, TimeUnit.SECONDS).isNormal()).isTrue();
    MrcpRequest r3 = run.mrcp().next();
    assertThat(new String(r3.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("three");
    run.mrcp().respond(r3, 200, "IN-PROGRESS");
    CompletableFuture<SpeakResult> four0 = synth.speak(SpeakRequest.text("four0"));
    run.mrcp().nothingFor(200);

    // a barge-in that ends "three" cancels "four0", which never leaves the client
    CompletableFuture<MrcpResponse> barge = synth.bargeIn();
    MrcpRequest b = run.mrcp().next();
    assertThat(b.method()).isEqualTo(MrcpMethod.BARGE_IN_OCCURRED);
    run.mrcp().respond(b, 200, "COMPLETE", "Active-Request-Id-List", Long.toString(r3.requestId()));
    barge.get(5, TimeUnit.SECONDS);
    assertThat(three.get(5, TimeUnit.SECONDS).cause())
        .isEqualTo(SynthesizerCompletionCause.BARGE_IN);
    assertThatThrownBy(() -> four0.get(5, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    run.mrcp().nothingFor(200);

    // a STOP cancels the waiting ones at once; a bounded number may wait
    CompletableFuture<SpeakResult> four = synth.speak(SpeakRequest.text("four"));
    MrcpRequest r4 = run.mrcp().next();
    run.mrcp().respond(r4, 200, "IN-PROGRESS");
    List<CompletableFuture<SpeakResult>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < Synthesizer.MAX_WAITING; i++) {
      waiting.add(synth.speak(SpeakRequest.text("w" + i)));
    }
    assertThatThrownBy(() -> synth.speak(SpeakRequest.text("too many")).get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Synthesizer.MAX_WAITING + " SPEAKs already wait");
    CompletableFuture<MrcpResponse> stop = synth.stop();
    for (CompletableFuture<SpeakResult> w : waiting) {
      assertThat(w).isCancelled();
    }
    MrcpRequest st = run.mrcp().next();
    assertThat(st.method()).isEqualTo(MrcpMethod.STOP);
    run.mrcp()
        .respond(st, 200, "COMPLETE", "Active-Request-Id-List", Long.toString(r4.requestId()));
    stop.get(5, TimeUnit.SECONDS);
    assertThat(four.get(5, TimeUnit.SECONDS).stopped()).isTrue();
    run.mrcp().nothingFor(200);

    // the session ending fails what waits with the reason
    CompletableFuture<SpeakResult> five = synth.speak(SpeakRequest.text("five"));
    CompletableFuture<SpeakResult> six = synth.speak(SpeakRequest.text("six"));
    run.mrcp().next();
    run.mrcp().close();
    assertThatThrownBy(() -> five.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MrcpClientException.class);
    assertThatThrownBy(() -> six.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MrcpClientException.class);
  }

  @Test
  void aDroppedConnectionFailsTheSpeakAndEndsTheSession() throws Exception {
    Running run = speaking(SpeakRequest.text("x"));
    CompletableFuture<MrcpResponse> pending = run.session().synthesizer().pause();
    run.mrcp().next();
    run.mrcp().close();
    assertThatThrownBy(() -> run.future().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MrcpClientException.class);
    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(MrcpClientException.class);
    assertThat(run.server().bye(5)).startsWith("BYE ");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> run.session().isClosed());
    assertThatThrownBy(() -> run.session().synthesizer().speak(SpeakRequest.text("y")).get())
        .hasCauseInstanceOf(MrcpClientException.class);
  }

  @Test
  void noSpeakCompleteInTimeFailsWithTimeoutAndSendsStop() throws Exception {
    Running run =
        speaking(SpeakRequest.builder().text("x").timeout(Duration.ofMillis(300)).build());
    assertThatThrownBy(() -> run.future().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(run.mrcp().next().method()).isEqualTo(MrcpMethod.STOP);
  }

  @Test
  void aRecognizerAndASynthesizerShareOneSendrecvAudioLine(@TempDir Path dir) throws Exception {
    ScriptedServer server = server();
    MrcpClient client = client(server);
    ClientSession session =
        keep(
            client.openSession(
                Duration.ofSeconds(5), MrcpResource.SPEECHRECOG, MrcpResource.SPEECHSYNTH));
    String offer = server.offer();
    assertThat(offer.split("m=audio", -1)).hasSize(2);
    assertThat(offer.split("a=cmid:1\r\n", -1)).hasSize(3);
    assertThat(offer)
        .contains("a=resource:speechrecog")
        .contains("a=resource:speechsynth")
        .contains("a=sendrecv\r\n");
    assertThat(session.channels()).hasSize(2);
    assertThat(session.channelId().toString()).isEqualTo("r1@speechrecog");
    assertThat(session.synthesizer().channelId().toString()).isEqualTo(CHANNEL + "@speechsynth");
    assertThatThrownBy(session::recorder).isInstanceOf(IllegalStateException.class);
    ScriptedServer.Connection mrcp = server.accept(); // both channels on one connection (existing)

    CompletableFuture<MrcpResponse> params = session.getParams("Speech-Language");
    MrcpRequest get = mrcp.next();
    assertThat(get.channelId().orElseThrow().toString()).isEqualTo("r1@speechrecog");
    mrcp.respond(get, 200, "COMPLETE");
    params.get(5, TimeUnit.SECONDS);

    CompletableFuture<SpeakResult> f = session.synthesizer().speak(SpeakRequest.text("hi"));
    MrcpRequest speak = mrcp.next();
    assertThat(speak.channelId().orElseThrow().toString()).isEqualTo(CHANNEL + "@speechsynth");
    assertThat(speak.requestId()).isGreaterThan(get.requestId());
    mrcp.respond(speak, 200, "IN-PROGRESS");
    short[] tone = TestAudio.tone(1000, 1600);
    server.sendRtp(ScriptedServer.audioOf(offer), TestAudio.pcmu(tone, 9, 1), 0);
    mrcp.event(speak, "SPEAK-COMPLETE", "COMPLETE", "Completion-Cause", "000 normal");
    SpeakResult r = f.get(5, TimeUnit.SECONDS);
    assertThat(r.pcm()).isEqualTo(TestAudio.ulawRoundTrip(tone));
    Path wav = dir.resolve("out.wav");
    r.writeWav(wav);
    WavFile w = WavFile.read(Files.readAllBytes(wav));
    assertThat(w.sampleRate()).isEqualTo(8000);
    assertThat(w.samples()).isEqualTo(r.pcm());

    // the recognizer channel of the same session still recognizes, sending on the shared line
    CompletableFuture<RecognitionResult> heard =
        session.recognize(
            RecognizeRequest.builder()
                .grammar(Grammar.uri("builtin:grammar/boolean"))
                .audio(AudioSource.silence(100))
                .silenceAfterAudio(false)
                .build());
    MrcpRequest recognize = mrcp.next();
    assertThat(recognize.method()).isEqualTo(MrcpMethod.RECOGNIZE);
    assertThat(recognize.channelId().orElseThrow().toString()).isEqualTo("r1@speechrecog");
    mrcp.respond(recognize, 200, "IN-PROGRESS");
    assertThat(server.receiveRtp(5, 5000)).hasSize(5);
    mrcp.event(recognize, "RECOGNITION-COMPLETE", "COMPLETE", "Completion-Cause", "001 no-match");
    assertThat(heard.get(5, TimeUnit.SECONDS).cause())
        .isEqualTo(io.mrcpj.core.message.RecognizerCompletionCause.NO_MATCH);

    // the recognizer refuses to run on a synthesizer-only session
    ClientSession synthOnly =
        keep(client.openSession(Duration.ofSeconds(5), MrcpResource.SPEECHSYNTH));
    assertThatThrownBy(
            () ->
                synthOnly
                    .recognize(RecognizeRequest.builder().grammar(Grammar.TRANSCRIBE).build())
                    .get())
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aServerThatLeavesOutTheSynthesizerIsARefusal() throws Exception {
    ScriptedServer server =
        keep(new ScriptedServer(Map.of("speechrecog", "r1"), ConnectionMode.NEW));
    MrcpClient client = client(server);
    assertThatThrownBy(() -> client.openSession(Duration.ofSeconds(5), MrcpResource.SPEECHSYNTH))
        .isInstanceOf(SessionRefusedException.class)
        .hasMessageContaining("speechsynth");
    assertThat(server.bye(5)).startsWith("BYE ");
    assertThatThrownBy(() -> client.openSession(MrcpResource.SPEECHSYNTH, MrcpResource.SPEECHSYNTH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.openSession(MrcpResource.SPEAKVERIFY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
