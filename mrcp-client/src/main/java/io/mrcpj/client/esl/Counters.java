package io.mrcpj.client.esl;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link EslStats}, shared by the connections of one client or server. */
final class Counters {
  final LongAdder events = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder watchdogCloses = new LongAdder();

  EslStats snapshot(long dropped) {
    return new EslStats(
        events.sum(),
        duplicates.sum(),
        dropped,
        malformed.sum(),
        reconnects.sum(),
        watchdogCloses.sum());
  }
}
