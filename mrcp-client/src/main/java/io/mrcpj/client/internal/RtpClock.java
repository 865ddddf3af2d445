package io.mrcpj.client.internal;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The 20 ms clock of the RTP senders on one event loop: one timer ticks every sender of the loop in
 * turn, instead of one timer per session. With a thousand sessions that is 50 wake-ups a second per
 * loop instead of tens of thousands, and each sender still sends one packet per tick. Lives on its
 * loop's thread and is only used there.
 */
final class RtpClock {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RtpClock.class);

  /** The clock of the event loop whose thread asks. */
  private static final FastThreadLocal<RtpClock> OF_LOOP = new FastThreadLocal<>();

  /** What a sender does on each tick; false when it has nothing more to send. */
  interface Ticking {
    boolean tick();
  }

  private final EventLoop loop;
  private final List<Ticking> senders = new ArrayList<>();
  private ScheduledFuture<?> timer;

  private RtpClock(EventLoop loop) {
    this.loop = loop;
  }

  /** The clock of {@code loop}; call on that loop's thread. */
  static RtpClock of(EventLoop loop) {
    RtpClock c = OF_LOOP.get();
    if (c == null) {
      c = new RtpClock(loop);
      OF_LOOP.set(c);
    }
    return c;
  }

  /** Ticks {@code sender} every 20 ms from the next tick on, until its tick returns false. */
  void add(Ticking sender) {
    senders.add(sender);
    if (timer == null) {
      timer = loop.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    int kept = 0;
    int n = senders.size();
    for (int i = 0; i < n; i++) {
      Ticking s = senders.get(i);
      boolean more;
      try {
        more = s.tick();
      } catch (RuntimeException e) {
        log.warn("an RTP sender failed on its tick and stops; the others go on", e);
        more = false;
      }
      if (more) {
        senders.set(kept++, s);
      }
    }
    senders.subList(kept, n).clear();
    if (senders.isEmpty()) {
      timer.cancel(false);
      timer = null;
    }
  }
}
