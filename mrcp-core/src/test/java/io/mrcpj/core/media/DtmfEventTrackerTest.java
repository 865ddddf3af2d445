package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfEventTrackerTest {

  private final List<DtmfDigit> digits = new ArrayList<>();
  private final DtmfEventTracker tracker = new DtmfEventTracker(digits::add);
  private final RtpPacket view = new RtpPacket();
  private int seq = 1000;

  /** Feeds one RFC 4733 packet built on the wire format (12-octet header + 4-octet event). */
  private boolean send(long timestamp, char digit, boolean end, int duration) {
    byte[] p = new byte[16];
    new RtpHeaderWriter()
        .payloadType(101)
        .ssrc(0x1234)
        .sequenceNumber(seq++)
        .timestamp(timestamp)
        .write(p, 0);
    TelephoneEvent.write(p, 12, TelephoneEvent.toEvent(digit), end, 10, duration);
    assertThat(view.wrap(p, 0, p.length)).isTrue();
    return tracker.onPacket(view);
  }

  /** A press as RFC 4733 §2.5.1 senders emit it: updates every 50 ms, end packet sent 3 times. */
  private void press(long timestamp, char digit, int durationMs, int endCopies) {
    for (int d = 400; d < durationMs * 8; d += 400) {
      send(timestamp, digit, false, d);
    }
    for (int i = 0; i < endCopies; i++) {
      send(timestamp, digit, true, durationMs * 8);
    }
  }

  @Test
  void tripleEndPacketGivesOneDigit() {
    press(8000, '5', 120, 3);
    press(16000, '#', 100, 3);
    assertThat(digits)
        .containsExactly(new DtmfDigit('5', 8000, 960, true), new DtmfDigit('#', 16000, 800, true));
    assertThat(tracker.flush()).isFalse();
  }

  @Test
  void sameDigitTwiceIsTwoPresses() {
    press(8000, '1', 100, 3);
    press(9600, '1', 100, 3);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('1', '1');
  }

  @Test
  void lostEndPacketsStillYieldBothDigits() {
    press(8000, '7', 200, 0);
    assertThat(digits).isEmpty();
    press(12000, '8', 100, 3);
    assertThat(digits)
        .containsExactly(
            new DtmfDigit('7', 8000, 1200, false), new DtmfDigit('8', 12000, 800, true));
  }

  @Test
  void lostEndOfLastPressIsReportedOnFlush() {
    press(8000, 'A', 200, 0);
    assertThat(tracker.flush()).isTrue();
    assertThat(tracker.flush()).isFalse();
    assertThat(digits).containsExactly(new DtmfDigit('A', 8000, 1200, false));
  }

  @Test
  void longPressAcrossDurationOverflowSegmentsIsOneDigit() {
    // RFC 4733 §2.5.1.3: at 8 kHz 0xFFFF units are 8.19 s; the next segment starts at ts + 0xFFFF
    long ts = 0xFFFF0000L; // also crosses the 32-bit timestamp wrap
    for (int d = 400; d < 0xFFFF; d += 400) {
      send(ts, '9', false, d);
    }
    send(ts, '9', false, 0xFFFF);
    long next = (ts + 0xFFFF) & 0xFFFFFFFFL;
    for (int d = 400; d <= 4000; d += 400) {
      send(next, '9', false, d);
    }
    send(next, '9', true, 4000);
    send(next, '9', true, 4000);
    send(next, '9', true, 4000);
    assertThat(digits).containsExactly(new DtmfDigit('9', ts, 0xFFFF + 4000, true));
  }

  @Test
  void lateAndStrayPacketsAreIgnored() {
    press(8000, '2', 100, 3);
    assertThat(send(8000, '2', false, 400)).as("late update of a reported press").isFalse();
    assertThat(send(4000, '3', true, 800)).as("older timestamp").isFalse();
    assertThat(digits).hasSize(1);
    assertThat(tracker.onEvent(20000, 16, true, 800)).as("flash, not a digit").isFalse();
    assertThat(tracker.ignoredPackets()).isEqualTo(2);
    view.clear();
    assertThat(tracker.onPacket(view)).isFalse();
  }

  @Test
  void eventViewMapsDigitsAndFields() {
    byte[] p = {11, (byte) 0x8A, 0x03, 0x20};
    TelephoneEvent e = new TelephoneEvent();
    assertThat(e.wrap(p, 0, 4)).isTrue();
    assertThat(e.digit()).isEqualTo('#');
    assertThat(e.isEnd()).isTrue();
    assertThat(e.volume()).isEqualTo(10);
    assertThat(e.duration()).isEqualTo(800);
    assertThat(e.wrap(p, 0, 3)).isFalse();
    assertThat(e.event()).isEqualTo(-1);
    assertThat("0123456789*#ABCD".chars().map(c -> TelephoneEvent.toEvent((char) c)).toArray())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(TelephoneEvent.toDigit(16)).isEqualTo('\0');
    assertThat(TelephoneEvent.toEvent('x')).isEqualTo(-1);
  }
}
