package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.G722;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.sdp.MediaDirection;
import io.mrcpj.core.sdp.MrcpAnswerReader;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.testing.Interop;
import io.mrcpj.server.testing.RawSipPeer;
import io.mrcpj.server.testing.SharedVosk;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthesizer driven by what UniMRCP's umc and FreeSWITCH's mod_unimrcp really sent
 * (../shared/interop): their INVITEs and SPEAK bytes (only the channel id changed, to ours, of the
 * same length). The server's answers must be byte for byte what UniMRCP's server answered (with our
 * channel id), and the RTP it sends must be speech the bundled Vosk model understands.
 */
class SynthesisReplayIT {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(33400);
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

  /** A socket that receives the server's RTP and decodes it for the negotiated codec. */
  static final class Receiver implements AutoCloseable {
    final DatagramSocket socket;
    final List<short[]> frames = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    volatile RtpCodec codec;
    private final Thread thread;

    Receiver() throws Exception {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      thread = new Thread(this::run, "rtp-receiver");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      byte[] buf = new byte[2048];
      RtpPacket p = new RtpPacket();
      G722.Decoder g722 = G722.decoder();
      while (!socket.isClosed()) {
        DatagramPacket d = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(d);
        } catch (java.io.IOException e) {
          return;
        }
        RtpCodec c = codec;
        if (c == null || !p.wrap(d.getData(), d.getOffset(), d.getLength())) {
          continue;
        }
        assertThat(p.payloadType()).isEqualTo(c.payloadType());
        int n = p.payloadLength();
        short[] pcm = new short[n * 2];
        int samples =
            switch (c.encodingName().toUpperCase(Locale.ROOT)) {
              case "PCMU" -> G711.decodeUlaw(p.array(), p.payloadOffset(), n, pcm, 0);
              case "PCMA" -> G711.decodeAlaw(p.array(), p.payloadOffset(), n, pcm, 0);
              case "L16" -> L16.decode(p.array(), p.payloadOffset(), n, pcm, 0);
              default -> g722.decode(p.array(), p.payloadOffset(), n, pcm, 0);
            };
        frames.add(java.util.Arrays.copyOf(pcm, samples));
        arrivals.add(System.nanoTime());
      }
    }

    int rate() {
      return codec.audioRate();
    }

    /**
     * All the audio, once the stream has gone quiet: the last datagram may still be on its way when
     * SPEAK-COMPLETE arrives, and packets come every 20 ms, so 100 ms without one means it is in.
     */
    short[] audio() {
      await()
          .atMost(Duration.ofSeconds(2))
          .until(
              () ->
                  !arrivals.isEmpty()
                      && System.nanoTime() - arrivals.get(arrivals.size() - 1) > 100_000_000L);
      List<short[]> seen = List.copyOf(frames); // one snapshot: the reader may still be adding
      int n = seen.stream().mapToInt(f -> f.length).sum();
      short[] all = new short[n];
      int at = 0;
      for (short[] f : seen) {
        System.arraycopy(f, 0, all, at, f.length);
        at += f.length;
      }
      return all;
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  private record Setup(String ok, ChannelId channel, InetSocketAddress mrcp) {}

  private static Setup invite(
      RawSipPeer sip, String capture, String capturedCallId, Receiver rtp, String resource)
      throws Exception {
    String invite =
        text(capture)
            .replace(capturedCallId, "synth-" + System.nanoTime())
            .replaceFirst(
                "branch=z9hG4bK\\w+", "branch=z9hG4bK" + Long.toHexString(System.nanoTime()))
            .replaceFirst(
                "(?m)^Contact: <sip:127\\.0\\.0\\.1:\\d+", "Contact: <sip:127.0.0.1:" + sip.port());
    String offer =
        RawSipPeer.body(invite)
            .replaceFirst("m=audio \\d+", "m=audio " + rtp.socket.getLocalPort());
    String ok = sip.invite(RawSipPeer.withBody(invite, offer));
    assertThat(ok).startsWith("SIP/2.0 200");
    MrcpAnswerReader.Answer answer =
        MrcpAnswerReader.read(new SdpParser().parse(RawSipPeer.body(ok)));
    MrcpAnswerReader.Control control = answer.control(resource).orElseThrow();
    MrcpAnswerReader.Audio audio = answer.audioFor(control).orElseThrow();
    assertThat(audio.direction()).as("the server only sends").isEqualTo(MediaDirection.SENDONLY);
    assertThat(RawSipPeer.body(ok)).contains("a=sendonly");
    rtp.codec = audio.codec().orElseThrow();
    sip.send(sip.inDialog("ACK", ok, RawSipPeer.cseq(ok)));
    return new Setup(
        ok, control.channel().orElseThrow(), new InetSocketAddress("127.0.0.1", control.port()));
  }

  private static String text(String capture) {
    return new String(Interop.bytes(capture), StandardCharsets.ISO_8859_1);
  }

  /** The messages of a captured stream, back to back, with the channel id replaced. */
  private static List<byte[]> messages(String capture, String capturedId, ChannelId ours) {
    assertThat(ours.id()).hasSameSizeAs(capturedId);
    byte[] stream =
        text(capture).replace(capturedId, ours.id()).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < stream.length) {
      String head =
          new String(stream, pos, Math.min(40, stream.length - pos), StandardCharsets.US_ASCII);
      int len = Integer.parseInt(head.split(" ")[1]);
      out.add(java.util.Arrays.copyOfRange(stream, pos, pos + len));
      pos += len;
    }
    return out;
  }

  /** What Vosk hears in {@code pcm} at {@code rate}. */
  static String hear(short[] pcm, int rate) throws Exception {
    short[] in = pcm;
    if (rate == 8000) {
      Resampler up = Resampler.upsampler();
      in = new short[up.maxOutputLength(pcm.length)];
      int n = up.process(pcm, 0, pcm.length, in, 0);
      in = java.util.Arrays.copyOf(in, n);
    }
    CompletableFuture<String> heard = new CompletableFuture<>();
    RecognitionStream s =
        SharedVosk.get()
            .open(
                StreamRequest.transcribe("en-US"),
                new RecognitionListener() {
                  @Override
                  public void onFinal(List<Hypothesis> nBest) {
                    heard.complete(nBest.isEmpty() ? "" : nBest.get(0).text());
                  }

                  @Override
                  public void onError(io.mrcpj.asr.spi.EngineException error) {
                    heard.completeExceptionally(error);
                  }
                });
    try {
      for (int i = 0; i < in.length; i += 1600) {
        s.feed(in, i, Math.min(1600, in.length - i));
      }
      s.endOfInput();
      return heard.get(30, TimeUnit.SECONDS);
    } finally {
      s.close();
    }
  }

  private void replay(
      String sipCapture,
      String callId,
      String clientStream,
      String serverStream,
      String capturedChannel)
      throws Exception {
    try (RawSipPeer sip = new RawSipPeer(server.sipPort);
        Receiver rtp = new Receiver()) {
      Setup s = invite(sip, sipCapture, callId, rtp, "speechsynth");
      List<byte[]> requests = messages(clientStream, capturedChannel, s.channel());
      List<byte[]> answers = messages(serverStream, capturedChannel, s.channel());
      try (RawMrcpPeer mrcp = new RawMrcpPeer(s.mrcp())) {
        long sent = System.nanoTime();
        mrcp.write(requests.get(0));
        MrcpMessage inProgress = mrcp.next(10);
        assertThat(new String(MrcpEncoder.encode(inProgress), StandardCharsets.ISO_8859_1))
            .isEqualTo(new String(answers.get(0), StandardCharsets.ISO_8859_1));
        MrcpMessage complete = mrcp.next(30);
        long done = System.nanoTime();
        assertThat(new String(MrcpEncoder.encode(complete), StandardCharsets.ISO_8859_1))
            .isEqualTo(new String(answers.get(1), StandardCharsets.ISO_8859_1));
        short[] audio = rtp.audio();
        long audioMs = audio.length * 1000L / rtp.rate();
        assertThat(audioMs).as("a sentence of speech").isBetween(800L, 6000L);
        assertThat(TimeUnit.NANOSECONDS.toMillis(done - sent))
            .as("SPEAK-COMPLETE comes when the audio has been played, at the media clock")
            .isGreaterThanOrEqualTo(audioMs - 100);
        double rms =
            Math.sqrt(
                java.util.Arrays.stream(toInts(audio)).mapToDouble(x -> (double) x * x).sum()
                    / audio.length);
        assertThat(rms).as("speech, not silence").isGreaterThan(300);
      }
      sip.bye(s.ok());
    }
  }

  private static int[] toInts(short[] s) {
    int[] r = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      r[i] = s[i];
    }
    return r;
  }

  @Test
  void umcSynthScenarioGetsUnimrcpsAnswersAndSpeech() throws Exception {
    replay(
        "unimrcp/synth-sip-00-INVITE-8062to8060.sip",
        "9d61ff47-60f6-1240-d8ac-8a13ce55805c",
        "unimrcp/synth-mrcp-stream0-client-to-server.bin",
        "unimrcp/synth-mrcp-stream0-server-to-client.bin",
        "1ba0d1c9ab49494d");
  }

  @Test
  void modUnimrcpSpeakGetsUnimrcpsAnswersAndSpeech() throws Exception {
    replay(
        "mod_unimrcp/fs-mrcp-tts-sip-00-INVITE-5090to8060.sip",
        "16736a3e-60f8-1240-a79d-8a13ce55805c",
        "mod_unimrcp/fs-mrcp-tts-mrcp-stream0-client-to-server.bin",
        "mod_unimrcp/fs-mrcp-tts-mrcp-stream0-server-to-client.bin",
        "d40fde0fb5e545bf");
  }

  @Test
  void whatTheServerSpeaksItsOwnRecognizerUnderstands() throws Exception {
    try (RawSipPeer sip = new RawSipPeer(server.sipPort);
        Receiver rtp = new Receiver()) {
      Setup s =
          invite(
              sip,
              "mod_unimrcp/fs-mrcp-tts-sip-00-INVITE-5090to8060.sip",
              "16736a3e-60f8-1240-a79d-8a13ce55805c",
              rtp,
              "speechsynth");
      try (RawMrcpPeer mrcp = new RawMrcpPeer(s.mrcp())) {
        byte[] speak =
            MrcpEncoder.encode(
                io.mrcpj.core.message.MrcpRequest.builder()
                    .method(io.mrcpj.core.message.MrcpMethod.SPEAK)
                    .requestId(1)
                    .channelId(s.channel())
                    .body("text/plain", "four five six one".getBytes(StandardCharsets.UTF_8))
                    .build());
        mrcp.write(speak);
        mrcp.next(10);
        mrcp.next(30);
        assertThat(hear(rtp.audio(), rtp.rate())).isEqualTo("four five six one");
      }
      sip.bye(s.ok());
    }
  }
}
