package io.mrcpj.client.esl;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recognizes an event frame FreeSWITCH sent twice. With {@code detect_speech} and {@code
 * fire_asr_events=true} it delivers each DETECTED_SPEECH twice, byte-identical down to the
 * Event-Sequence. Two frames are the same event when they come from the same core with the same
 * sequence number and the same bytes; the last {@code size} events are remembered. Used on one
 * thread (the connection's event loop).
 */
final class RecentEvents {

  private record Seen(int length, int hash) {}

  private final int size;
  private final Map<String, Seen> seen = new HashMap<>();
  private final ArrayDeque<String> order = new ArrayDeque<>();

  RecentEvents(int size) {
    this.size = size;
  }

  /** True when this frame repeats one of the recent events; else remembers it. */
  boolean isDuplicate(EslEvent e, byte[] frame) {
    long seq = e.sequence();
    if (seq < 0) {
      return false;
    }
    String key = e.coreUuid() + "#" + seq;
    Seen s = new Seen(frame.length, Arrays.hashCode(frame));
    Seen before = seen.get(key);
    if (s.equals(before)) {
      return true;
    }
    if (before == null) {
      order.add(key);
      if (order.size() > size) {
        seen.remove(order.poll());
      }
    }
    seen.put(key, s);
    return false;
  }
}
