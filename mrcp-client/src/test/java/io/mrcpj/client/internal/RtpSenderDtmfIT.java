package io.mrcpj.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mrcpj.client.DtmfMode;
import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.media.TelephoneEvent;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.media.AudioSink;
import io.mrcpj.server.media.RtpEndpoint;
import io.mrcpj.server.media.RtpMediaService;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's DTMF on real loopback sockets: an {@link RtpSender} sends to the server's real RTP
 * receive pipeline ({@link RtpMediaService}), whose RFC 4733 tracker and in-band detector turn it
 * back into digits; and the RFC 4733 packets themselves, captured off a plain UDP socket.
 */
class RtpSenderDtmfIT {

  private static final RtpCodec EVENTS = new RtpCodec(101, RtpCodec.TELEPHONE_EVENT, 8000, 1);

  private NioEventLoopGroup loops;
  private ExecutorService callbacks;
  private RtpMediaService server;
  private RtpSender sender;

  /** The server side's sink: digits in arrival order, and how much audio came. */
  private static final class Digits implements AudioSink {
    final StringBuffer digits = new StringBuffer();
    volatile long samples;

    @Override
    public void onAudio(short[] pcm, int offset, int length) {
      samples += length;
    }

    @Override
    public void onDtmf(char digit) {
      digits.append(digit);
    }
  }

  @BeforeEach
  void start() throws Exception {
    loops = new NioEventLoopGroup(1);
    callbacks = Executors.newSingleThreadExecutor();
    server = new RtpMediaService(new RtpConfig("127.0.0.1", 37000, 37100), 1);
    sender =
        RtpSender.open(loops, "127.0.0.1", callbacks).get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    sender.close();
    server.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    callbacks.shutdownNow();
  }

  /** A server endpoint for {@code codec} and the sender started towards it. */
  private Digits connect(RtpCodec codec, Optional<RtpCodec> events) throws Exception {
    RtpEndpoint ep = server.open("dtmf");
    ep.configure(codec, events, 16000);
    Digits sink = new Digits();
    ep.sink(sink);
    awaitConfigured(ep, codec);
    sink.samples = 0;
    sender.start(new InetSocketAddress("127.0.0.1", ep.port()), codec);
    return sink;
  }

  /**
   * configure() takes effect on the endpoint's event loop, maybe after a packet that arrives at
   * once: send silence from another source until the endpoint decodes it.
   */
  private static void awaitConfigured(RtpEndpoint ep, RtpCodec codec) throws Exception {
    boolean l16 = codec.encodingName().equals("L16");
    byte[] p = new byte[12 + (l16 ? 640 : 160)];
    Arrays.fill(p, 12, p.length, (byte) (l16 ? 0 : codec.payloadType() == 0 ? 0xFF : 0xD5));
    RtpHeaderWriter h = new RtpHeaderWriter().payloadType(codec.payloadType()).ssrc(99);
    try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (ep.stats().audio() == 0) {
        assertThat(System.nanoTime()).as("endpoint configured in time").isLessThan(deadline);
        h.write(p, 0);
        out.send(new DatagramPacket(p, p.length, new InetSocketAddress("127.0.0.1", ep.port())));
        h.advance(l16 ? 320 : 160);
        Thread.sleep(10);
      }
    }
    Thread.sleep(30); // the last probes in flight
  }

  @Test
  void rfc4733DigitsArriveEachExactlyOnceDespiteTheRepeatedEndPackets() throws Exception {
    Digits sink = connect(RtpCodec.PCMU, Optional.of(EVENTS));
    long t0 = System.nanoTime();
    sender.sendDtmf("159#", DtmfMode.RFC4733, EVENTS).get(5, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(tookMs).as("real time: 4 keys of 200 ms").isBetween(700L, 3000L);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.digits.length() >= 4);
    Thread.sleep(300); // anything more would come now
    assertThat(sink.digits).hasToString("159#");
    // per key 7 event packets (5 updates, the end repeated twice more) and 3 of silence
    assertThat(sender.packetsSent()).isEqualTo(4 * 10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PCMU", "PCMA", "L16"})
  void inBandDigitsArriveThroughTheServersToneDetector(String name) throws Exception {
    RtpCodec codec =
        switch (name) {
          case "PCMU" -> RtpCodec.PCMU;
          case "PCMA" -> RtpCodec.PCMA;
          default -> RtpCodec.L16_16K.withPayloadType(96);
        };
    Digits sink = connect(codec, Optional.empty());
    sender.sendDtmf("2468*0", DtmfMode.INBAND, null).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.digits.length() >= 6);
    Thread.sleep(300);
    assertThat(sink.digits).hasToString("2468*0");
    assertThat(sender.packetsSent()).as("6 keys of 200 ms as 20 ms packets").isEqualTo(60);
    // 1.2 s at the sink's 16 kHz (and maybe a late probe packet of awaitConfigured)
    assertThat(sink.samples).isBetween(6 * 3200L, 6 * 3200L + 2 * 320);
  }

  @Test
  void dtmfQueuedAfterFastAudioIsStillSentInRealTimeAndOutlivesStopPlaying() throws Exception {
    Digits sink = connect(RtpCodec.PCMU, Optional.of(EVENTS));
    var audio = sender.play(new short[16000], 8000, io.mrcpj.client.Pacing.FAST); // 2 s
    var dtmf = sender.sendDtmf("12", DtmfMode.RFC4733, EVENTS);
    long audioDone = audio.get(5, TimeUnit.SECONDS);
    sender.stopPlaying(); // as a recognition's end does: drops audio, not DTMF
    long dtmfDone = dtmf.get(5, TimeUnit.SECONDS);
    assertThat((dtmfDone - audioDone) / 1_000_000).as("ms for 2 keys").isGreaterThan(350);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.digits.length() >= 2);
    assertThat(sink.digits).hasToString("12");
    assertThat(sender.packetsSent()).isEqualTo(100 + 20);
  }

  @Test
  void aBadDigitOrAMissingPayloadTypeIsRefusedAndNothingIsSent() throws Exception {
    connect(RtpCodec.PCMU, Optional.of(EVENTS));
    assertThatThrownBy(() -> sender.sendDtmf("12x4", DtmfMode.INBAND, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> sender.sendDtmf("12", DtmfMode.RFC4733, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("telephone-event");
    Thread.sleep(100);
    assertThat(sender.packetsSent()).isZero();
  }

  @Test
  void beforeStartDtmfFails() {
    assertThat(sender.sendDtmf("1", DtmfMode.INBAND, null))
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
  }

  /**
   * The packets on the wire (RFC 4733 section 2.5), between stretches of silence: one SSRC and one
   * run of sequence numbers with the audio; per key the timestamp fixed at its start, the marker
   * bit on its first packet, the duration growing by 20 ms per packet to 100 ms, the end packet
   * three times, no audio while the key is down, and the audio clock moved on by 200 ms per key.
   */
  @Test
  void rfc4733PacketsOnTheWire() throws Exception {
    try (DatagramSocket capture = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      capture.setReceiveBufferSize(1 << 20);
      capture.setSoTimeout(1000);
      sender.start(new InetSocketAddress("127.0.0.1", capture.getLocalPort()), RtpCodec.PCMU);
      sender.silenceWhenIdle(true);
      Thread.sleep(100);
      sender.sendDtmf("1D", DtmfMode.RFC4733, EVENTS).get(5, TimeUnit.SECONDS);
      Thread.sleep(100);
      sender.stopPlaying();
      List<byte[]> packets = new ArrayList<>();
      byte[] buf = new byte[2048];
      while (true) {
        DatagramPacket d = new DatagramPacket(buf, buf.length);
        try {
          capture.receive(d);
        } catch (SocketTimeoutException end) {
          break;
        }
        packets.add(Arrays.copyOf(d.getData(), d.getLength()));
      }
      assertThat(packets).hasSizeGreaterThan(25);

      RtpPacket p = new RtpPacket();
      TelephoneEvent ev = new TelephoneEvent();
      StringBuilder shape = new StringBuilder(); // 'a' audio, 'e' event update, 'E' end packet
      long ssrc = -1;
      int seq = -1;
      List<long[]> events = new ArrayList<>(); // timestamp, event, end, duration, marker
      List<Long> audioTimestamps = new ArrayList<>();
      for (byte[] b : packets) {
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        if (ssrc < 0) {
          ssrc = p.ssrc();
        } else {
          assertThat(p.ssrc()).as("one SSRC").isEqualTo(ssrc);
          assertThat(p.sequenceNumber())
              .as("one run of sequence numbers")
              .isEqualTo((seq + 1) & 0xFFFF);
        }
        seq = p.sequenceNumber();
        if (p.payloadType() == 101) {
          assertThat(ev.wrap(p)).isTrue();
          assertThat(p.payloadLength()).isEqualTo(4);
          assertThat(ev.volume()).isEqualTo(10);
          events.add(
              new long[] {
                p.timestamp(), ev.event(), ev.isEnd() ? 1 : 0, ev.duration(), p.marker() ? 1 : 0
              });
          shape.append(ev.isEnd() ? 'E' : 'e');
          audioTimestamps.add(null);
        } else {
          assertThat(p.payloadType()).isZero();
          assertThat(p.payloadLength()).isEqualTo(160);
          shape.append('a');
          audioTimestamps.add(p.timestamp());
        }
      }
      assertThat(shape.toString()).matches("a+eeeeEEEaaaeeeeEEEaaaa+");
      assertThat(events).hasSize(14);
      for (int key = 0; key < 2; key++) {
        long start = events.get(7 * key)[0];
        for (int i = 0; i < 7; i++) {
          long[] e = events.get(7 * key + i);
          assertThat(e[0]).as("timestamp fixed at the key's start").isEqualTo(start);
          assertThat(e[1]).isEqualTo(key == 0 ? 1 : 15); // '1', 'D'
          assertThat(e[2] == 1).as("E bit").isEqualTo(i >= 4);
          assertThat(e[3]).as("duration").isEqualTo(160L * Math.min(i + 1, 5));
          assertThat(e[4] == 1).as("marker").isEqualTo(i == 0);
        }
      }
      // the audio clock: the key starts where the audio would have gone on, the audio after the
      // event resumes 140 ms later, the next key 200 ms after the first
      int firstEvent = shape.indexOf("e");
      long beforeKey = audioTimestamps.get(firstEvent - 1);
      long key1 = events.get(0)[0];
      assertThat(key1).isEqualTo((beforeKey + 160) & 0xFFFFFFFFL);
      assertThat(audioTimestamps.get(firstEvent + 7)).isEqualTo((key1 + 7 * 160) & 0xFFFFFFFFL);
      assertThat(events.get(7)[0]).isEqualTo((key1 + 1600) & 0xFFFFFFFFL);
      int secondEvent = shape.indexOf("e", firstEvent + 7);
      assertThat(audioTimestamps.get(secondEvent + 10))
          .as("audio after the last key")
          .isEqualTo((key1 + 3200) & 0xFFFFFFFFL);
    }
  }
}
