package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.sdp.MrcpAnswerReader;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.testing.Interop;
import io.mrcpj.core.testing.Pcap;
import io.mrcpj.server.testing.RawSipPeer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server driven by what real UniMRCP and FreeSWITCH clients sent (../shared/interop): their
 * INVITEs, their MRCP bytes (only the channel id changed, to the one our server allocated; it has
 * the same length) and umc's real RTP stream of a person saying "one".
 */
class UnimrcpReplayIT {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(33000);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  /** A session set up by a replayed INVITE. */
  private record Setup(
      String ok, ChannelId channel, InetSocketAddress mrcp, InetSocketAddress rtp) {}

  private static Setup invite(RawSipPeer sip, String capture, String capturedCallId, int rtpPort)
      throws Exception {
    return invite(sip, capture, capturedCallId, rtpPort, offer -> offer);
  }

  private static Setup invite(
      RawSipPeer sip,
      String capture,
      String capturedCallId,
      int rtpPort,
      java.util.function.UnaryOperator<String> editOffer)
      throws Exception {
    // a new Call-ID and branch, so the stack does not take it for a retransmission
    String invite =
        text(capture)
            .replace(capturedCallId, "replay-" + System.nanoTime())
            .replaceFirst(
                "branch=z9hG4bK\\w+", "branch=z9hG4bK" + Long.toHexString(System.nanoTime()));
    // where this peer really listens: the server sends its BYE to the Contact
    invite =
        invite.replaceFirst(
            "(?m)^Contact: <sip:127\\.0\\.0\\.1:\\d+", "Contact: <sip:127.0.0.1:" + sip.port());
    String offer =
        editOffer.apply(RawSipPeer.body(invite).replaceFirst("m=audio \\d+", "m=audio " + rtpPort));
    String ok = sip.invite(RawSipPeer.withBody(invite, offer));
    assertThat(ok).startsWith("SIP/2.0 200");
    MrcpAnswerReader.Answer answer =
        MrcpAnswerReader.read(new SdpParser().parse(RawSipPeer.body(ok)));
    MrcpAnswerReader.Control control = answer.control("speechrecog").orElseThrow();
    MrcpAnswerReader.Audio audio = answer.audioFor(control).orElseThrow();
    sip.send(sip.inDialog("ACK", ok, Long.parseLong(RawSipPeer.header(ok, "CSeq").split(" ")[0])));
    return new Setup(
        ok,
        control.channel().orElseThrow(),
        new InetSocketAddress("127.0.0.1", control.port()),
        new InetSocketAddress("127.0.0.1", audio.port()));
  }

  /** The captured client-to-server MRCP bytes, with the captured channel id replaced by ours. */
  private static byte[] mrcpStream(String capture, String capturedChannel, ChannelId ours) {
    String id = ours.id();
    assertThat(id).hasSameSizeAs(capturedChannel);
    return text(capture).replace(capturedChannel, id).getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The i-th message of a captured stream (they are back to back; lengths come from the start
   * line).
   */
  private static byte[][] split(byte[] stream) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    int pos = 0;
    while (pos < stream.length) {
      String head =
          new String(stream, pos, Math.min(40, stream.length - pos), StandardCharsets.US_ASCII);
      int len = Integer.parseInt(head.split(" ")[1]);
      out.add(Arrays.copyOfRange(stream, pos, pos + len));
      pos += len;
    }
    return out.toArray(byte[][]::new);
  }

  /**
   * umc's INVITE. Its offer lists G.722, which this server prefers (16 kHz), but the recorded RTP
   * is PCMU because UniMRCP's server answered PCMU: G.722 is taken out of the replayed offer so
   * that what is negotiated is what was recorded.
   */
  private static Setup umcInvite(RawSipPeer sip, DatagramSocket rtp) throws Exception {
    return invite(
        sip,
        "unimrcp/recog-sip-00-INVITE-8062to8060.sip",
        "92010a75-60f6-1240-1288-8a13ce55805c",
        rtp.getLocalPort(),
        offer ->
            offer
                .replace("RTP/AVP 0 8 9 96 101", "RTP/AVP 0 8 96 101")
                .replace("a=rtpmap:9 G722/8000\r\n", ""));
  }

  /** umc's DEFINE-GRAMMAR and RECOGNIZE for the channel of {@code s}. */
  private static byte[][] umcMessages(Setup s) {
    return split(
        mrcpStream(
            "unimrcp/recog-mrcp-stream0-client-to-server.bin", "9f3641c4fbb94579", s.channel()));
  }

  @Test
  void umcRecogScenarioWithItsRealAudioCompletesWithSuccess() throws Exception {
    try (RawSipPeer sip = new RawSipPeer(server.sipPort);
        DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Setup s = umcInvite(sip, rtp);
      byte[][] messages = umcMessages(s);
      assertThat(messages.length).as("DEFINE-GRAMMAR, RECOGNIZE").isEqualTo(2);
      try (RawMrcpPeer mrcp = new RawMrcpPeer(s.mrcp())) {
        mrcp.write(messages[0]);
        MrcpResponse defined = (MrcpResponse) mrcp.next(5);
        assertThat(defined.status().code()).isEqualTo(200);
        assertThat(defined.headers().get(RecognizerHeaders.COMPLETION_CAUSE))
            .contains("000 success");

        mrcp.write(messages[1]);
        MrcpResponse started = (MrcpResponse) mrcp.next(5);
        assertThat(started.status().code()).isEqualTo(200);
        assertThat(started.state()).isEqualTo(RequestState.IN_PROGRESS);
        assertThat(started.channelId()).contains(s.channel());

        AtomicBoolean done = new AtomicBoolean();
        Thread sender = sendCapturedAudio(rtp, s.rtp(), done);
        try {
          MrcpEvent start = (MrcpEvent) mrcp.next(10);
          assertThat(start.name()).isEqualTo(MrcpEventName.START_OF_INPUT);
          MrcpEvent complete = (MrcpEvent) mrcp.next(15);
          assertThat(complete.name()).isEqualTo(MrcpEventName.RECOGNITION_COMPLETE);
          assertThat(complete.requestId()).isEqualTo(started.requestId());
          assertThat(
                  RecognizerCompletionCause.parse(
                      complete.headers().get(RecognizerHeaders.COMPLETION_CAUSE).orElseThrow()))
              .isEqualTo(RecognizerCompletionCause.SUCCESS);
          NlsmlResult result = NlsmlReader.read(complete.body());
          assertThat(result.best().input()).isEqualTo("one");
          assertThat(result.best().grammar()).isEqualTo("session:request1@form-level");
        } finally {
          done.set(true);
          sender.join(5000);
        }
        // umc hangs up (BYE) before it closes its MRCP connection
        sip.send(sip.inDialog("BYE", s.ok(), 1_001_081_769L));
        assertThat(sip.receive()).startsWith("SIP/2.0 200");
      }
    }
  }

  /**
   * asrclient's whole session as it sent it: GET-PARAMS with no headers (all parameters),
   * SET-PARAMS with six timers and the threshold, DEFINE-GRAMMAR, RECOGNIZE by session: URI with
   * its recorded audio, GET-PARAMS again after the result.
   */
  @Test
  void asrclientSessionWithParametersAndItsRealAudio() throws Exception {
    try (RawSipPeer sip = new RawSipPeer(server.sipPort);
        DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Setup s =
          invite(
              sip,
              "unimrcp/asrclient-sip-00-INVITE-8062to8060.sip",
              "b999380d-60f6-1240-f8bf-8a13ce55805c",
              rtp.getLocalPort());
      byte[][] messages =
          split(
              mrcpStream(
                  "unimrcp/asrclient-mrcp-stream0-client-to-server.bin",
                  "40ca856503e94e07",
                  s.channel()));
      assertThat(messages.length).as("GET, SET, DEFINE, RECOGNIZE, GET").isEqualTo(5);
      try (RawMrcpPeer mrcp = new RawMrcpPeer(s.mrcp())) {
        mrcp.write(messages[0]);
        MrcpResponse all = (MrcpResponse) mrcp.next(5);
        assertThat(all.status().code()).isEqualTo(200);
        assertThat(all.headers().get("Speech-Language")).as("all parameters").contains("en-US");
        mrcp.write(messages[1]);
        assertThat(((MrcpResponse) mrcp.next(5)).status().code()).isEqualTo(200);
        mrcp.write(messages[2]);
        MrcpResponse defined = (MrcpResponse) mrcp.next(5);
        assertThat(defined.status().code()).isEqualTo(200);
        mrcp.write(messages[3]);
        MrcpResponse started = (MrcpResponse) mrcp.next(5);
        assertThat(started.state()).isEqualTo(RequestState.IN_PROGRESS);
        AtomicBoolean done = new AtomicBoolean();
        Thread sender = sendCapturedAudio(rtp, s.rtp(), done, "unimrcp/asrclient.pcapng");
        try {
          assertThat(((MrcpEvent) mrcp.next(10)).name()).isEqualTo(MrcpEventName.START_OF_INPUT);
          MrcpEvent complete = (MrcpEvent) mrcp.next(15);
          assertThat(
                  RecognizerCompletionCause.parse(
                      complete.headers().get(RecognizerHeaders.COMPLETION_CAUSE).orElseThrow()))
              .isEqualTo(RecognizerCompletionCause.SUCCESS);
          NlsmlResult result = NlsmlReader.read(complete.body());
          assertThat(result.best().input()).isEqualTo("one");
          assertThat(result.best().grammar()).isEqualTo("session:demo-grammar-0");
        } finally {
          done.set(true);
          sender.join(5000);
        }
        mrcp.write(messages[4]);
        MrcpResponse after = (MrcpResponse) mrcp.next(5);
        assertThat(after.status().code()).isEqualTo(200);
        assertThat(after.headers().get("Speech-Complete-Timeout"))
            .as("what SET-PARAMS set")
            .contains("400");
        sip.send(sip.inDialog("BYE", s.ok(), 1_001_081_786L));
        assertThat(sip.receive()).startsWith("SIP/2.0 200");
      }
    }
  }

  @Test
  void freeswitchInviteAndBuiltinBooleanRecognizeAreServed() throws Exception {
    try (RawSipPeer sip = new RawSipPeer(server.sipPort);
        DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Setup s =
          invite(
              sip,
              "mod_unimrcp/fs-mrcp-recog-sip-00-INVITE-5090to8060.sip",
              "0a6c4009-60f8-1240-a79d-8a13ce55805c",
              rtp.getLocalPort());
      byte[][] messages =
          split(
              mrcpStream(
                  "mod_unimrcp/fs-mrcp-recog-mrcp-stream0-client-to-server.bin",
                  "4c3bc870f4b14006",
                  s.channel()));
      try (RawMrcpPeer mrcp = new RawMrcpPeer(s.mrcp())) {
        mrcp.write(messages[0]); // RECOGNIZE builtin:grammar/boolean, No-Input-Timeout 7000
        MrcpResponse started = (MrcpResponse) mrcp.next(5);
        assertThat(started.status().code()).isEqualTo(200);
        assertThat(started.state()).isEqualTo(RequestState.IN_PROGRESS);
        assertThat(server.server.engineStreams()).isEqualTo(1);
        // FreeSWITCH hangs up (BYE) while the recognizer still listens, then closes TCP
        sip.send(sip.inDialog("BYE", s.ok(), 123_115_660L));
        assertThat(sip.receive()).startsWith("SIP/2.0 200");
      }
    }
  }

  @Test
  void aClientThatDropsItsMrcpConnectionMidRecognizeIsByedAndFreed() throws Exception {
    try (RawSipPeer sip = new RawSipPeer(server.sipPort);
        DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Setup s = umcInvite(sip, rtp);
      byte[][] messages = umcMessages(s);
      AtomicBoolean done = new AtomicBoolean();
      Thread sender;
      RawMrcpPeer mrcp = new RawMrcpPeer(s.mrcp());
      mrcp.write(messages[0]);
      mrcp.next(5);
      mrcp.write(messages[1]);
      mrcp.next(5);
      sender = sendCapturedAudio(rtp, s.rtp(), done);
      try {
        assertThat(((MrcpEvent) mrcp.next(10)).name()).isEqualTo(MrcpEventName.START_OF_INPUT);
        assertThat(server.server.engineStreams()).isEqualTo(1);
        long dropped = System.nanoTime();
        mrcp.drop();
        String bye = sip.receiveRequest("BYE", 2000);
        sip.ok(bye);
        await()
            .atMost(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  assertThat(server.server.sessions()).isZero();
                  assertThat(server.server.engineStreams()).isZero();
                  assertThat(server.server.rtpPortsInUse()).isZero();
                });
        assertThat((System.nanoTime() - dropped) / 1e6)
            .as("ms to free everything")
            .isLessThan(1500);
      } finally {
        done.set(true);
        sender.join(5000);
      }
    }
  }

  /**
   * Sends umc's captured RTP (PCMU, "one", 67 packets) at 20 ms intervals, then PCMU silence in the
   * same stream until {@code done}, as a live line does.
   */
  private static Thread sendCapturedAudio(
      DatagramSocket socket, InetSocketAddress to, AtomicBoolean done) {
    return sendCapturedAudio(socket, to, done, "unimrcp/recog.pcapng");
  }

  private static Thread sendCapturedAudio(
      DatagramSocket socket, InetSocketAddress to, AtomicBoolean done, String capture) {
    List<byte[]> packets = Pcap.udpPayloads(Interop.bytes(capture), 4000);
    Thread t =
        new Thread(
            () -> {
              try {
                RtpPacket view = new RtpPacket();
                long next = System.nanoTime();
                for (byte[] p : packets) {
                  if (done.get()) {
                    return;
                  }
                  socket.send(new DatagramPacket(p, p.length, to));
                  next += 20_000_000;
                  sleepUntil(next);
                }
                byte[] last = packets.get(packets.size() - 1);
                view.wrap(last, 0, last.length);
                RtpHeaderWriter h =
                    new RtpHeaderWriter()
                        .payloadType(0)
                        .ssrc(view.ssrc())
                        .sequenceNumber(view.sequenceNumber())
                        .timestamp(view.timestamp());
                byte[] silence = new byte[12 + 160];
                Arrays.fill(silence, 12, silence.length, (byte) 0xFF);
                for (int i = 0; i < 500 && !done.get(); i++) {
                  h.advance(160);
                  h.write(silence, 0);
                  socket.send(new DatagramPacket(silence, silence.length, to));
                  next += 20_000_000;
                  sleepUntil(next);
                }
              } catch (Exception e) {
                // socket closed by the test
              }
            },
            "rtp-replay");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long ms = (nanoTime - System.nanoTime()) / 1_000_000;
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static String text(String capture) {
    return new String(Interop.bytes(capture), StandardCharsets.ISO_8859_1);
  }
}
