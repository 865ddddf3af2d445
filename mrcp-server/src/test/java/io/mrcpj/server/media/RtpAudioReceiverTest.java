package io.mrcpj.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.media.TelephoneEvent;
import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.sdp.RtpCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtpAudioReceiverTest {

  private static final RtpCodec EVENTS = new RtpCodec(101, RtpCodec.TELEPHONE_EVENT, 8000, 1);

  /** mrcp-core's sox and flite fixtures (scripts/make-test-audio.sh), read as files. */
  static final Path CORE_AUDIO = Path.of("../mrcp-core/src/test/resources/audio");

  /** What dtmf-clean-8k.wav and dtmf-clean-16k.wav dial. */
  static final String FIXTURE_DIGITS = "1234567890*#ABCD";

  static short[] fixture(String name, int expectedRate) {
    try {
      WavFile wav = WavFile.read(Files.readAllBytes(CORE_AUDIO.resolve(name)));
      assertThat(wav.sampleRate()).isEqualTo(expectedRate);
      return wav.samples();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects what the receiver hands on. */
  private static final class Sink implements AudioSink {
    final List<short[]> chunks = new ArrayList<>();
    final StringBuilder digits = new StringBuilder();

    @Override
    public void onAudio(short[] pcm, int offset, int length) {
      short[] copy = new short[length];
      System.arraycopy(pcm, offset, copy, 0, length);
      chunks.add(copy);
    }

    @Override
    public void onDtmf(char digit) {
      digits.append(digit);
    }

    int samples() {
      return chunks.stream().mapToInt(c -> c.length).sum();
    }
  }

  private final RtpHeaderWriter header = new RtpHeaderWriter().ssrc(0x1234).sequenceNumber(100);
  private final Sink sink = new Sink();
  private final RtpAudioReceiver rx = new RtpAudioReceiver();

  private byte[] packet(int pt, byte[] payload) {
    byte[] p = new byte[12 + payload.length];
    header.payloadType(pt).write(p, 0);
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }

  private void feed(byte[] p) {
    rx.onPacket(p, 0, p.length);
  }

  /** Sends {@code pcm} (at the codec's rate) as 20 ms packets of {@code codec}. */
  private void sendAudio(RtpAudioReceiver to, RtpCodec codec, short[] pcm) {
    int frame = codec.clockRate() / 50;
    boolean l16 = codec.encodingName().equals("L16");
    byte[] payload = new byte[l16 ? 2 * frame : frame];
    byte[] p = new byte[12 + payload.length];
    for (int i = 0; i + frame <= pcm.length; i += frame) {
      switch (codec.encodingName()) {
        case "PCMU" -> G711.encodeUlaw(pcm, i, frame, payload, 0);
        case "PCMA" -> G711.encodeAlaw(pcm, i, frame, payload, 0);
        default -> L16.encode(pcm, i, frame, payload, 0);
      }
      header.payloadType(codec.payloadType()).write(p, 0);
      System.arraycopy(payload, 0, p, 12, payload.length);
      to.onPacket(p, 0, p.length);
      header.advance(frame);
    }
  }

  private void sendAudio(RtpCodec codec, short[] pcm) {
    sendAudio(rx, codec, pcm);
  }

  /**
   * One RFC 4733 key press as a phone sends it (RFC 4733 section 2.5): the timestamp fixed at the
   * start, the duration growing every 20 ms, the end packet three times; then the audio clock moves
   * on by the event's duration.
   */
  private void sendEvent(char digit, int updates) {
    sendEvent(rx, digit, updates);
  }

  private void sendEvent(RtpAudioReceiver to, char digit, int updates) {
    byte[] ev = new byte[4];
    long start = header.timestamp();
    for (int i = 1; i <= updates + 2; i++) {
      boolean end = i >= updates;
      TelephoneEvent.write(
          ev, 0, TelephoneEvent.toEvent(digit), end, 10, 160 * Math.min(i, updates));
      header.marker(i == 1).timestamp(start);
      byte[] p = packet(101, ev);
      to.onPacket(p, 0, p.length);
      header.advance(0);
    }
    header.timestamp(start + 160L * updates);
  }

  private static short[] dualTone(int low, int high, int samples) {
    short[] s = new short[samples];
    for (int i = 0; i < samples; i++) {
      double t = (double) i / 8000;
      s[i] = (short) (8000 * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));
    }
    return s;
  }

  private static short[] tone(int n, int amplitude) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) (amplitude * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    return s;
  }

  @Test
  void pcmuAt8kIsDecodedAndUpsampledTo16k() {
    rx.configure(RtpCodec.PCMU, Optional.empty(), 16000);
    rx.sink(sink);
    short[] pcm = tone(160, 8000);
    byte[] ulaw = new byte[160];
    G711.encodeUlaw(pcm, 0, 160, ulaw, 0);
    for (int i = 0; i < 10; i++) {
      feed(packet(0, ulaw));
      header.advance(160);
    }
    assertThat(sink.samples()).isEqualTo(10 * 320);
    assertThat(rx.stats().audio()).isEqualTo(10);
    int peak = 0;
    for (short s : sink.chunks.get(5)) {
      peak = Math.max(peak, Math.abs(s));
    }
    assertThat(peak).as("the tone survives decoding and resampling").isBetween(6500, 9000);
  }

  @Test
  void pcmaAt8kGoesOutAt8kUnchanged() {
    rx.configure(RtpCodec.PCMA, Optional.empty(), 8000);
    rx.sink(sink);
    short[] pcm = tone(160, 4000);
    byte[] alaw = new byte[160];
    G711.encodeAlaw(pcm, 0, 160, alaw, 0);
    feed(packet(8, alaw));
    assertThat(sink.chunks).hasSize(1);
    short[] expected = new short[160];
    G711.decodeAlaw(alaw, 0, 160, expected, 0);
    assertThat(sink.chunks.get(0)).containsExactly(expected);
  }

  @Test
  void l16At16kIsBigEndianAndPassesStraightThrough() {
    rx.configure(RtpCodec.L16_16K.withPayloadType(96), Optional.empty(), 16000);
    rx.sink(sink);
    short[] pcm = tone(320, 12000);
    byte[] be = new byte[640];
    L16.encode(pcm, 0, 320, be, 0);
    feed(packet(96, be));
    assertThat(sink.chunks.get(0)).containsExactly(pcm);
  }

  @Test
  void unknownPayloadTypesDuplicatesAndLatePacketsAreDroppedAndCounted() {
    rx.configure(RtpCodec.PCMU, Optional.empty(), 8000);
    rx.sink(sink);
    byte[] ulaw = new byte[160];
    feed(packet(0, ulaw)); // seq 100
    feed(packet(0, ulaw)); // 100 again: duplicate
    feed(packet(18, ulaw)); // G729: not negotiated
    header.advance(160).advance(160);
    feed(packet(0, ulaw)); // seq 102
    header.sequenceNumber(101);
    feed(packet(0, ulaw)); // 101 after 102: late
    feed(new byte[] {1, 2, 3}); // not RTP
    assertThat(sink.chunks).hasSize(2);
    assertThat(rx.stats().dropped()).isEqualTo(4);
    assertThat(rx.stats().packets()).isEqualTo(6);
  }

  @Test
  void packetsBeforeTheCodecIsKnownAreDropped() {
    rx.sink(sink);
    feed(packet(0, new byte[160]));
    assertThat(sink.chunks).isEmpty();
    assertThat(rx.stats().dropped()).isEqualTo(1);
  }

  @Test
  void aNewSsrcRestartsTheStream() {
    rx.configure(RtpCodec.PCMU, Optional.empty(), 8000);
    rx.sink(sink);
    feed(packet(0, new byte[160]));
    // a new source starting at a lower sequence number is not "late"
    header.ssrc(0x9999).sequenceNumber(5);
    feed(packet(0, new byte[160]));
    assertThat(sink.chunks).hasSize(2);
  }

  @Test
  void telephoneEventsBecomeOneDigitPerPressEvenWithRepeatedEndPackets() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 16000);
    rx.sink(sink);
    byte[] ev = new byte[4];
    for (char d : new char[] {'4', '#'}) {
      for (int i = 1; i <= 6; i++) {
        boolean end = i >= 4; // three end packets, as senders do
        TelephoneEvent.write(ev, 0, TelephoneEvent.toEvent(d), end, 10, 160 * i);
        feed(packet(101, ev));
        header.sequenceNumber(header.sequenceNumber() + 1);
      }
      header.timestamp(header.timestamp() + 2000);
    }
    assertThat(sink.digits).hasToString("4#");
    assertThat(rx.stats().digits()).isEqualTo(2);
    assertThat(sink.chunks).isEmpty();
  }

  @Test
  void g722CarriesSixteenKilohertzAudioOnItsEightKilohertzClock() {
    rx.configure(RtpCodec.G722, Optional.empty(), 16000);
    rx.sink(sink);
    io.mrcpj.core.media.G722.Encoder enc = io.mrcpj.core.media.G722.encoder();
    short[] tone = new short[320];
    byte[] payload = new byte[160];
    for (int p = 0; p < 25; p++) {
      for (int i = 0; i < 320; i++) {
        tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (p * 320 + i) / 16000.0));
      }
      enc.encode(tone, 0, 320, payload, 0);
      feed(packet(9, payload));
      header.advance(160); // the RTP clock of G.722 is 8000 Hz
    }
    assertThat(sink.samples())
        .as("320 samples of 16 kHz audio per 20 ms packet")
        .isEqualTo(25 * 320);
    int peak = 0;
    for (short x : sink.chunks.get(20)) {
      peak = Math.max(peak, Math.abs(x));
    }
    assertThat(peak).isBetween(7000, 9000);
  }

  @Test
  void codecsItCannotDecodeAreRefusedUpFront() {
    assertThatThrownBy(() -> RtpAudioReceiver.check(new RtpCodec(18, "G729", 8000, 1), 16000))
        .hasMessageContaining("G729");
    assertThatThrownBy(() -> RtpAudioReceiver.check(new RtpCodec(96, "L16", 44100, 1), 16000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpAudioReceiver.check(new RtpCodec(96, "L16", 8000, 2), 16000))
        .hasMessageContaining("mono");
  }

  // ---------------------------------------------------------------- in-band DTMF

  @ParameterizedTest
  @ValueSource(strings = {"PCMU", "PCMA"})
  void inBandTonesInG711GiveEachDigitOnceInOrder(String name) {
    RtpCodec codec = name.equals("PCMU") ? RtpCodec.PCMU : RtpCodec.PCMA;
    rx.configure(codec, Optional.empty(), 16000);
    rx.sink(sink);
    short[] pcm = fixture("dtmf-clean-8k.wav", 8000);
    sendAudio(codec, pcm);
    assertThat(sink.digits).hasToString(FIXTURE_DIGITS);
    assertThat(rx.stats().digits()).isEqualTo(16);
    assertThat(rx.inbandDigits()).isEqualTo(16);
    // the audio goes on to the sink as before, resampled to 16 kHz
    assertThat(sink.samples()).isEqualTo(pcm.length / 160 * 320);
  }

  @Test
  void inBandTonesAreDetectedAtTheCodecsRateBeforeResampling() {
    // L16 at 16 kHz to an 8 kHz sink: the detector runs at 16 kHz on the decoded audio
    rx.configure(RtpCodec.L16_16K.withPayloadType(96), Optional.empty(), 8000);
    rx.sink(sink);
    sendAudio(RtpCodec.L16_16K.withPayloadType(96), fixture("dtmf-clean-16k.wav", 16000));
    assertThat(sink.digits).hasToString(FIXTURE_DIGITS);
  }

  @Test
  void speechGivesNoDigit() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 16000);
    rx.sink(sink);
    short[] speech = fixture("speech-8k.wav", 8000);
    sendAudio(RtpCodec.PCMU, speech);
    assertThat(sink.digits).isEmpty();
    assertThat(sink.samples()).isEqualTo(speech.length / 160 * 320);
  }

  @Test
  void afterAnRfc4733DigitTheTonesInTheAudioAreNotReported() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000);
    rx.sink(sink);
    short[] tones = fixture("dtmf-clean-8k.wav", 8000);
    sendAudio(RtpCodec.PCMU, tones); // before any event: heard in band
    assertThat(sink.digits).hasToString(FIXTURE_DIGITS);
    sendAudio(RtpCodec.PCMU, new short[8000]); // a second of silence
    sendEvent('9', 5);
    sendAudio(RtpCodec.PCMU, tones); // the same tones again, now from an RFC 4733 sender
    sendEvent('#', 5);
    assertThat(sink.digits).hasToString(FIXTURE_DIGITS + "9#");
    assertThat(rx.inbandDigits()).isEqualTo(16);
    assertThat(rx.stats().digits()).isEqualTo(18);
  }

  @Test
  void aKeyHeardInBandJustBeforeItsLateEventsIsReportedOnce() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000);
    rx.sink(sink);
    sendAudio(RtpCodec.PCMU, new short[1600]);
    // a sender whose events start late: 100 ms of the 7 tone (852 + 1209 Hz), then the event
    sendAudio(RtpCodec.PCMU, dualTone(852, 1209, 800));
    assertThat(sink.digits).hasToString("7");
    sendEvent('7', 5);
    assertThat(sink.digits).as("the same press, not a second one").hasToString("7");
    assertThat(rx.duplicatesSuppressed()).isEqualTo(1);
    sendEvent('7', 5); // a real second press
    assertThat(sink.digits).hasToString("77");
  }

  @Test
  void aKeyHeardInBandLongBeforeTheFirstEventIsAnotherPress() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000);
    rx.sink(sink);
    sendAudio(RtpCodec.PCMU, dualTone(852, 1209, 800));
    sendAudio(RtpCodec.PCMU, new short[8000]); // one second later
    sendEvent('7', 5);
    assertThat(sink.digits).hasToString("77");
    assertThat(rx.duplicatesSuppressed()).isZero();
  }

  @Test
  void aNewSourceIsListenedToInBandAgain() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000);
    rx.sink(sink);
    sendAudio(RtpCodec.PCMU, new short[800]);
    sendEvent('1', 5);
    header.ssrc(0x5555).sequenceNumber(9);
    sendAudio(RtpCodec.PCMU, fixture("dtmf-clean-8k.wav", 8000));
    assertThat(sink.digits).hasToString("1" + FIXTURE_DIGITS);
  }

  @Test
  void aReInviteKeepsTheSourcesRfc4733State() {
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000);
    rx.sink(sink);
    sendEvent('1', 5);
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000); // same stream, renegotiated
    sendAudio(RtpCodec.PCMU, fixture("dtmf-clean-8k.wav", 8000));
    assertThat(sink.digits).hasToString("1");
    rx.configure(RtpCodec.PCMU, Optional.empty(), 8000); // telephone-event dropped
    sendAudio(RtpCodec.PCMU, fixture("dtmf-clean-8k.wav", 8000));
    assertThat(sink.digits).hasToString("1" + FIXTURE_DIGITS);
  }

  @Test
  void withInBandDetectionOffTonesGiveNothingButEventsStillCount() {
    RtpAudioReceiver off = new RtpAudioReceiver(false);
    off.configure(RtpCodec.PCMU, Optional.of(EVENTS), 8000);
    off.sink(sink);
    short[] tones = fixture("dtmf-clean-8k.wav", 8000);
    sendAudio(off, RtpCodec.PCMU, tones);
    assertThat(sink.digits).isEmpty();
    assertThat(sink.samples())
        .as("the audio itself still flows")
        .isEqualTo(tones.length / 160 * 160);
    assertThat(off.stats().digits()).isZero();
    sendEvent(off, '3', 5);
    assertThat(sink.digits).hasToString("3");
  }

  @Test
  void thePacketPathDoesNotAllocate() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    rx.configure(RtpCodec.PCMU, Optional.of(EVENTS), 16000);
    AudioSink quiet = (pcm, off, len) -> {};
    rx.sink(quiet);
    short[] speech = fixture("speech-8k.wav", 8000);
    byte[][] packets = new byte[speech.length / 160][];
    for (int i = 0; i < packets.length; i++) {
      packets[i] = new byte[172];
      G711.encodeUlaw(speech, 160 * i, 160, packets[i], 12);
    }
    header.payloadType(0);
    for (int round = 0; round < 20; round++) { // warm up (JIT)
      feedAll(packets);
    }
    long before = threads.getThreadAllocatedBytes(self);
    feedAll(packets);
    long allocated = threads.getThreadAllocatedBytes(self) - before;
    assertThat(allocated)
        .as("bytes allocated for %d packets of speech", packets.length)
        .isLessThan(1024);
  }

  /** Feeds pre-encoded packets with fresh headers (so none is a duplicate). */
  private void feedAll(byte[][] packets) {
    for (byte[] p : packets) {
      header.write(p, 0);
      header.advance(160);
      rx.onPacket(p, 0, p.length);
    }
  }

  @Test
  void countsLostAndLatePacketsIntoTheCodecsMeters() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.mrcpj.server.metrics.ServerMetrics metrics =
        new io.mrcpj.server.metrics.ServerMetrics(registry);
    rx.configure(RtpCodec.PCMU, Optional.empty(), 8000, metrics.rtp("PCMU"));
    rx.sink(sink);
    byte[] silence = new byte[160];
    // 100, 101, (102 missing), 103, 102 late, 103 again, 104, then a jump of 5000: a restart
    for (int seq : new int[] {100, 101, 103, 102, 103, 104, 5104}) {
      header.sequenceNumber(seq);
      feed(packet(0, silence));
    }
    assertThat(rx.lost()).isEqualTo(1);
    assertThat(rx.late()).isEqualTo(2);
    assertThat(registry.get("mrcpj.rtp.packets").tag("codec", "PCMU").counter().count())
        .isEqualTo(7);
    assertThat(registry.get("mrcpj.rtp.lost").tag("codec", "PCMU").counter().count()).isEqualTo(1);
    assertThat(registry.get("mrcpj.rtp.late").tag("codec", "PCMU").counter().count()).isEqualTo(2);
    assertThat(sink.samples()).isEqualTo(5 * 160);
  }

  @Test
  void countsLossAcrossTheSequenceWrap() {
    rx.configure(RtpCodec.PCMU, Optional.empty(), 8000);
    byte[] silence = new byte[160];
    for (int seq : new int[] {65534, 65535, 1, 2}) {
      header.sequenceNumber(seq);
      feed(packet(0, silence));
    }
    assertThat(rx.lost()).isEqualTo(1); // 0 never came
    assertThat(rx.late()).isZero();
  }
}
