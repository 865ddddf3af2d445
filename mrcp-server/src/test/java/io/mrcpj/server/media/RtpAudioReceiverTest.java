package io.mrcpj.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.media.TelephoneEvent;
import io.mrcpj.core.sdp.RtpCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtpAudioReceiverTest {

  private static final RtpCodec EVENTS = new RtpCodec(101, RtpCodec.TELEPHONE_EVENT, 8000, 1);

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
  void codecsItCannotDecodeAreRefusedUpFront() {
    assertThatThrownBy(() -> RtpAudioReceiver.check(new RtpCodec(9, "G722", 8000, 1), 16000))
        .hasMessageContaining("G722");
    assertThatThrownBy(() -> RtpAudioReceiver.check(new RtpCodec(96, "L16", 44100, 1), 16000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpAudioReceiver.check(new RtpCodec(96, "L16", 8000, 2), 16000))
        .hasMessageContaining("mono");
  }
}
