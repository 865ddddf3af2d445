package io.mrcpj.core.media;

import java.util.function.Consumer;

/**
 * Turns a stream of RFC 4733 telephone-event packets into exactly one {@link DtmfDigit} per key
 * press. Feed every telephone-event packet of one SSRC, in arrival order, to {@link #onPacket}.
 *
 * <ul>
 *   <li>An event is identified by its RTP timestamp (RFC 4733 §2.5.1.1); all updates of a press
 *       share it, with growing duration.
 *   <li>The digit is reported when the first end packet (E bit) arrives; the usual two
 *       retransmissions of the end packet (§2.5.1.4) and any late update of a reported event are
 *       ignored.
 *   <li>If the end packets are lost, the press is reported (with {@code ended = false}) when a
 *       packet with a newer timestamp arrives, or on {@link #flush()}.
 *   <li>Long presses (§2.5.1.3): when the duration would exceed 0xFFFF the sender starts a new
 *       segment whose timestamp is the previous timestamp plus the previous duration; such a
 *       segment of the same event, following an unended one, is merged into the same press.
 *   <li>Packets older than the current event (wraparound-safe timestamp comparison) are ignored.
 * </ul>
 *
 * <p>No allocation except the reported {@link DtmfDigit}. Not thread-safe: one instance per stream.
 */
public final class DtmfEventTracker {

  // Tolerance on the segment boundary, in timestamp units, for segments of a long press whose last
  // update before the boundary was lost (one 50 ms update interval at 16 kHz).
  private static final int SEGMENT_SLACK = 800;

  private final Consumer<DtmfDigit> listener;
  private final TelephoneEvent view = new TelephoneEvent();

  private boolean active; // a press is in progress (or reported and waiting for retransmissions)
  private boolean reported;
  private int event;
  private long startTimestamp;
  private long segmentTimestamp;
  private long previousSegmentsDuration;
  private int segmentDuration;
  private long ignoredPackets;
  private long digits;

  /**
   * @param listener receives each press once, on the calling thread
   */
  public DtmfEventTracker(Consumer<DtmfDigit> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener");
    }
    this.listener = listener;
  }

  /**
   * Handles one telephone-event RTP packet.
   *
   * @return {@code true} if a digit was reported during this call
   */
  public boolean onPacket(RtpPacket packet) {
    if (!packet.isValid() || !view.wrap(packet)) {
      ignoredPackets++;
      return false;
    }
    return onEvent(packet.timestamp(), view.event(), view.isEnd(), view.duration());
  }

  /**
   * Handles one decoded event block.
   *
   * @param timestamp RTP timestamp of the packet (unsigned 32 bit)
   * @return {@code true} if a digit was reported during this call
   */
  public boolean onEvent(long timestamp, int eventCode, boolean end, int duration) {
    if (eventCode < 0 || eventCode > 15) {
      ignoredPackets++; // non-DTMF events (tones, flash) are not key presses
      return false;
    }
    boolean fired = false;
    if (active) {
      long delta = RtpSequence.timestampDelta(segmentTimestamp, timestamp);
      if (delta == 0) {
        if (!reported) {
          segmentDuration = Math.max(segmentDuration, duration);
          if (end) {
            fire(true);
            fired = true;
          }
        }
        return fired;
      }
      if (delta < 0) {
        ignoredPackets++;
        return false;
      }
      if (!reported
          && eventCode == event
          && segmentDuration >= 0xFFFF - SEGMENT_SLACK
          && delta <= 0xFFFF + SEGMENT_SLACK) {
        // §2.5.1.3: next segment of the same long press
        previousSegmentsDuration += delta;
        segmentTimestamp = timestamp;
        segmentDuration = duration;
        if (end) {
          fire(true);
          fired = true;
        }
        return fired;
      }
      if (!reported) {
        fire(false); // end packets of the previous press were lost
        fired = true;
      }
    }
    active = true;
    reported = false;
    event = eventCode;
    startTimestamp = timestamp;
    segmentTimestamp = timestamp;
    previousSegmentsDuration = 0;
    segmentDuration = duration;
    if (end) {
      fire(true);
      fired = true;
    }
    return fired;
  }

  /**
   * Reports the press in progress, if any, as not ended (call when the stream stops or after a
   * timeout without updates).
   *
   * @return {@code true} if a digit was reported
   */
  public boolean flush() {
    if (active && !reported) {
      fire(false);
      return true;
    }
    return false;
  }

  /** Forgets all state (new stream). Counters are kept. */
  public void reset() {
    active = false;
    reported = false;
  }

  /** Packets ignored: invalid, not DTMF, or older than the current event. */
  public long ignoredPackets() {
    return ignoredPackets;
  }

  /** Digits reported so far. */
  public long digits() {
    return digits;
  }

  private void fire(boolean ended) {
    reported = true;
    digits++;
    listener.accept(
        new DtmfDigit(
            TelephoneEvent.toDigit(event),
            startTimestamp,
            previousSegmentsDuration + segmentDuration,
            ended));
  }
}
