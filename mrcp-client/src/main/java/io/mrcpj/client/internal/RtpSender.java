package io.mrcpj.client.internal;

import io.mrcpj.client.DtmfMode;
import io.mrcpj.client.Pacing;
import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.G722;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.media.TelephoneEvent;
import io.mrcpj.core.sdp.RtpCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one session's caller audio as RTP (RFC 3550) in the negotiated codec, 20 ms per packet,
 * paced by an event-loop timer (never by sleeping). Audio to play is queued; when the queue is
 * empty the sender either sends silence (a live line) or nothing. One SSRC, continuous sequence
 * numbers and timestamps for the life of the session.
 *
 * <p>DTMF ({@link #sendDtmf}) is queued like audio and sent in real time, {@link DtmfTones#TONE_MS}
 * per key then {@link DtmfTones#GAP_MS} of silence: in band as the key's two tones, or as RFC 4733
 * telephone-events (section 2.5) that replace the audio while the key is down. A recognition's end
 * ({@link #stopPlaying}) drops queued audio but not DTMF; closing drops both.
 *
 * <p>All sending state lives on the socket's event loop; public methods hand work to it.
 */
public final class RtpSender implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RtpSender.class);

  /** Packets per 20 ms tick with {@link Pacing#FAST}. */
  static final int FAST_BURST = 50;

  /** 20 ms ticks a key is down (RFC 4733: one event update per tick, the last one ends it). */
  static final int EVENT_TICKS = DtmfTones.TONE_MS / 20;

  /** 20 ms ticks per key: the event, then the gap (where the end packet is repeated). */
  static final int DIGIT_TICKS = (DtmfTones.TONE_MS + DtmfTones.GAP_MS) / 20;

  /** How often the end packet of an event is sent (RFC 4733 section 2.5.1.4). */
  static final int END_PACKETS = 3;

  /** Volume of the events: -10 dBm0 (RFC 4733 section 2.3.4), the level of the in-band tones. */
  static final int EVENT_VOLUME = 10;

  /**
   * What waits to be sent: audio already at the codec's rate, or RFC 4733 key presses ({@code
   * events} set).
   */
  private static final class Clip {
    final short[] pcm;
    final Pacing pacing;
    final CompletableFuture<Long> done;
    final boolean dtmf; // kept by stopPlaying
    final int[] events; // RFC 4733 event codes, or null for audio
    final int eventPt;
    final int eventFrame; // 20 ms in the telephone-event's clock
    int position;
    int tick; // RFC 4733: 20 ms ticks sent so far
    long eventStart; // RFC 4733: timestamp of the key being sent
    java.util.function.LongConsumer started; // told when the first packet goes out

    Clip(short[] pcm, Pacing pacing, CompletableFuture<Long> done, boolean dtmf) {
      this(pcm, pacing, done, dtmf, null, -1, 0);
    }

    Clip(
        short[] pcm,
        Pacing pacing,
        CompletableFuture<Long> done,
        boolean dtmf,
        int[] events,
        int eventPt,
        int eventFrame) {
      this.pcm = pcm;
      this.pacing = pacing;
      this.done = done;
      this.dtmf = dtmf;
      this.events = events;
      this.eventPt = eventPt;
      this.eventFrame = eventFrame;
    }
  }

  private final Channel channel;
  private final EventLoop loop;
  private final Executor callbacks;
  private final RtpReceiver receiver;
  private final AtomicLong packetsSent = new AtomicLong();
  // Event-loop state.
  private final ArrayDeque<Clip> queue = new ArrayDeque<>();
  private final RtpHeaderWriter header = new RtpHeaderWriter();
  private InetSocketAddress remote;
  private RtpEncoding encoding;
  private int tsFrame;
  private G722.Encoder g722;
  private int rate;
  private int audioPt;
  // Set by start() on the caller's thread: the rate in-band DTMF is made at.
  private volatile int codecRate;
  private int frame;
  private short[] silence;
  private byte[] scratch;
  private boolean silenceWhenIdle;
  private boolean talking;
  private boolean ticking; // on the loop's RtpClock
  private boolean closed;

  private RtpSender(Channel channel, Executor callbacks, RtpReceiver receiver) {
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.callbacks = callbacks;
    this.receiver = receiver;
  }

  /** What arrives on this socket: the server's audio, for a synthesizer. */
  public RtpReceiver receiver() {
    return receiver;
  }

  /**
   * Binds a UDP socket on {@code localHost} (a free port) without blocking: the future completes on
   * an event loop when the socket is bound, or fails with an {@link java.io.IOException}. What
   * arrives on the socket goes to its {@link #receiver()}.
   */
  public static CompletableFuture<RtpSender> open(
      EventLoopGroup loops, String localHost, Executor callbacks) {
    CompletableFuture<RtpSender> out = new CompletableFuture<>();
    RtpReceiver receiver = new RtpReceiver(callbacks);
    new Bootstrap()
        .group(loops)
        .channel(NioDatagramChannel.class)
        .handler(receiver)
        .bind(localHost, 0)
        .addListener(
            (ChannelFuture f) -> {
              if (f.isSuccess()) {
                receiver.bind(f.channel());
                out.complete(new RtpSender(f.channel(), callbacks, receiver));
              } else {
                out.completeExceptionally(
                    new java.io.IOException("cannot bind RTP on " + localHost, f.cause()));
              }
            });
    return out;
  }

  public int localPort() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** RTP packets sent so far. */
  public long packetsSent() {
    return packetsSent.get();
  }

  /**
   * Where to send and in which codec (from the server's answer).
   *
   * @throws IllegalArgumentException for a codec the sender cannot encode
   */
  public void start(InetSocketAddress remote, RtpCodec codec) {
    RtpEncoding e = RtpEncoding.of(codec);
    codecRate = codec.audioRate();
    loop.execute(
        () -> {
          this.remote = remote;
          this.encoding = e;
          this.rate = codec.audioRate();
          this.audioPt = codec.payloadType();
          this.frame = rate / 50;
          this.tsFrame = codec.clockRate() / 50;
          this.g722 = e == RtpEncoding.G722 ? G722.encoder() : null;
          this.silence = new short[frame];
          this.scratch = new byte[12 + 2 * frame];
          header
              .payloadType(codec.payloadType())
              .ssrc(ThreadLocalRandom.current().nextInt())
              .sequenceNumber(ThreadLocalRandom.current().nextInt(0x10000))
              .timestamp(ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL);
        });
  }

  /** The codec's sample rate (after {@link #start}). */
  public int rate() {
    return rate;
  }

  /**
   * Queues {@code pcm} (16-bit mono at {@code sourceRate}, 8000 or 16000) to be sent after what is
   * queued already. The future completes with {@link System#nanoTime()} right after its last packet
   * went out.
   */
  public CompletableFuture<Long> play(short[] pcm, int sourceRate, Pacing pacing) {
    return play(pcm, sourceRate, pacing, null);
  }

  /**
   * Like {@link #play(short[], int, Pacing)}; {@code started} is told {@link System#nanoTime()}
   * when the clip's first packet goes out (on the event loop: it must be quick).
   */
  public CompletableFuture<Long> play(
      short[] pcm, int sourceRate, Pacing pacing, java.util.function.LongConsumer started) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          if (closed || encoding == null) {
            done.completeExceptionally(new IllegalStateException("RTP sender is not running"));
            return;
          }
          short[] converted;
          try {
            converted = convert(pcm, sourceRate, rate);
          } catch (IllegalArgumentException ex) {
            done.completeExceptionally(ex);
            return;
          }
          Clip clip = new Clip(converted, pacing, done, false);
          clip.started = started;
          queue.add(clip);
          ensureTicking();
        });
    return done;
  }

  /**
   * Queues DTMF key presses after what is queued already; each key takes {@link DtmfTones#TONE_MS}
   * then {@link DtmfTones#GAP_MS}, in real time. The future completes with {@link
   * System#nanoTime()} right after the last packet went out; it fails if the sender is not running
   * or is closed first.
   *
   * @param digits 0-9, *, #, A-D
   * @param telephoneEvent the negotiated telephone-event payload ({@link DtmfMode#RFC4733} only)
   * @throws IllegalArgumentException naming a character that is not a DTMF digit, or for RFC 4733
   *     without a telephone-event payload
   */
  public CompletableFuture<Long> sendDtmf(String digits, DtmfMode mode, RtpCodec telephoneEvent) {
    int[] events = DtmfTones.events(digits);
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (mode == DtmfMode.RFC4733 && telephoneEvent == null) {
      throw new IllegalArgumentException("RFC 4733 needs the telephone-event payload type");
    }
    CompletableFuture<Long> done = new CompletableFuture<>();
    int audioRate = codecRate;
    if (audioRate == 0) {
      done.completeExceptionally(new IllegalStateException("RTP sender is not running"));
      return done;
    }
    if (events.length == 0) {
      done.complete(System.nanoTime());
      return done;
    }
    // the tones are made here, on the caller's thread, not on the event loop
    Clip clip =
        mode == DtmfMode.INBAND
            ? new Clip(DtmfTones.pcm(events, audioRate), Pacing.REAL_TIME, done, true)
            : new Clip(
                null,
                Pacing.REAL_TIME,
                done,
                true,
                events,
                telephoneEvent.payloadType(),
                telephoneEvent.clockRate() / 50);
    loop.execute(
        () -> {
          if (closed || encoding == null) {
            done.completeExceptionally(new IllegalStateException("RTP sender is not running"));
            return;
          }
          queue.add(clip);
          ensureTicking();
        });
    return done;
  }

  /** Whether to send silence while nothing is queued (as a live line does). */
  public void silenceWhenIdle(boolean on) {
    loop.execute(
        () -> {
          silenceWhenIdle = on;
          if (on) {
            ensureTicking();
          }
        });
  }

  /** Drops the audio that is queued (its futures fail; DTMF goes on) and stops sending silence. */
  public void stopPlaying() {
    loop.execute(
        () -> {
          silenceWhenIdle = false;
          java.util.concurrent.CancellationException why =
              new java.util.concurrent.CancellationException("playback stopped");
          queue.removeIf(
              c -> {
                if (!c.dtmf) {
                  callbacks.execute(() -> c.done.completeExceptionally(why));
                }
                return !c.dtmf;
              });
        });
  }

  static short[] convert(short[] pcm, int from, int to) {
    if (from == to) {
      return pcm;
    }
    Resampler r;
    if (from == 8000 && to == 16000) {
      r = Resampler.upsampler();
    } else if (from == 16000 && to == 8000) {
      r = Resampler.downsampler();
    } else {
      throw new IllegalArgumentException(
          "audio at " + from + " Hz cannot be sent at " + to + " Hz (use 8000 or 16000 Hz audio)");
    }
    short[] out = new short[r.maxOutputLength(pcm.length)];
    int n = r.process(pcm, 0, pcm.length, out, 0);
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /** Sends the first packet now, then joins the loop's 20 ms clock. */
  private void ensureTicking() {
    if (!ticking && !closed) {
      talking = false;
      ticking = true;
      if (tick()) {
        RtpClock.of(loop).add(this::tick);
      }
    }
  }

  /**
   * One 20 ms tick; false (and no longer ticking) when there is nothing more to send. A failure
   * stops this sender's sending and fails what it had queued, so the session hears of it instead of
   * waiting on audio that never goes out.
   */
  private boolean tick() {
    try {
      return tickOnce();
    } catch (RuntimeException e) {
      log.warn("RTP sender to {} failed; its queued audio is dropped", remote, e);
      ticking = false;
      failQueued(e);
      return false;
    }
  }

  private boolean tickOnce() {
    if (closed || !ticking) {
      ticking = false;
      return false;
    }
    Clip clip = queue.peek();
    if (clip == null) {
      if (silenceWhenIdle) {
        send(silence, 0, frame);
        return true;
      }
      ticking = false;
      return false;
    }
    if (clip.events != null) {
      eventTick(clip);
      return true;
    }
    int packets = clip.pacing == Pacing.FAST ? FAST_BURST : 1;
    for (int i = 0; i < packets && clip != null; i++) {
      if (clip.position == 0 && clip.started != null) {
        clip.started.accept(System.nanoTime());
        clip.started = null;
      }
      int n = Math.min(frame, clip.pcm.length - clip.position);
      if (n < frame) {
        // the last partial frame is padded with silence: packets stay 20 ms
        short[] last = new short[frame];
        System.arraycopy(clip.pcm, clip.position, last, 0, n);
        send(last, 0, frame);
      } else {
        send(clip.pcm, clip.position, frame);
      }
      clip.position += n;
      if (clip.position >= clip.pcm.length) {
        queue.poll();
        long now = System.nanoTime();
        Clip finished = clip;
        callbacks.execute(() -> finished.done.complete(now));
        Clip next = queue.peek();
        // DTMF is sent in real time: a burst stops before it
        clip = clip.pacing == Pacing.FAST && next != null && !next.dtmf ? next : null;
      }
    }
    return true;
  }

  /**
   * One 20 ms tick of RFC 4733 key presses (section 2.5). Per key: {@link #EVENT_TICKS} packets
   * with the key's start timestamp and a growing duration, the first with the marker bit, the last
   * with the E bit; the end packet twice more on the next ticks; then silence until the key's
   * {@link #DIGIT_TICKS} are over, with the audio clock moved on as if audio had been sent all
   * along. Sequence numbers run on with the audio's.
   */
  private void eventTick(Clip c) {
    int key = c.tick / DIGIT_TICKS;
    int phase = c.tick % DIGIT_TICKS;
    if (phase == 0) {
      c.eventStart = header.timestamp();
    }
    if (phase < EVENT_TICKS + END_PACKETS - 1) {
      int updates = Math.min(phase + 1, EVENT_TICKS);
      boolean end = phase >= EVENT_TICKS - 1;
      sendEvent(c, c.events[key], phase == 0, end, updates * c.eventFrame);
    } else {
      header.timestamp(c.eventStart + (long) phase * tsFrame);
      send(silence, 0, frame);
    }
    c.tick++;
    if (c.tick == c.events.length * DIGIT_TICKS) {
      queue.poll();
      long now = System.nanoTime();
      callbacks.execute(() -> c.done.complete(now));
    }
  }

  private void sendEvent(Clip c, int event, boolean first, boolean end, int duration) {
    header.payloadType(c.eventPt).timestamp(c.eventStart).marker(first);
    int h = header.write(scratch, 0);
    int n = TelephoneEvent.write(scratch, h, event, end, EVENT_VOLUME, duration);
    header.advance(0).payloadType(audioPt); // next sequence number, same timestamp
    talking = true;
    ByteBuf buf = channel.alloc().buffer(h + n);
    buf.writeBytes(scratch, 0, h + n);
    channel.writeAndFlush(new DatagramPacket(buf, remote), channel.voidPromise());
    packetsSent.incrementAndGet();
  }

  private void send(short[] pcm, int offset, int samples) {
    if (!talking) {
      header.marker(true);
      talking = true;
    }
    int h = header.write(scratch, 0);
    int payload =
        switch (encoding) {
          case PCMU -> G711.encodeUlaw(pcm, offset, samples, scratch, h);
          case PCMA -> G711.encodeAlaw(pcm, offset, samples, scratch, h);
          case L16 -> L16.encode(pcm, offset, samples, scratch, h);
          case G722 -> g722.encode(pcm, offset, samples, scratch, h);
        };
    header.advance(tsFrame); // every audio packet is one 20 ms frame
    ByteBuf buf = channel.alloc().buffer(h + payload);
    buf.writeBytes(scratch, 0, h + payload);
    channel.writeAndFlush(new DatagramPacket(buf, remote), channel.voidPromise());
    packetsSent.incrementAndGet();
  }

  private void failQueued(Throwable why) {
    Clip c;
    while ((c = queue.poll()) != null) {
      Clip failed = c;
      callbacks.execute(() -> failed.done.completeExceptionally(why));
    }
  }

  /** Stops sending and closes the socket. Idempotent. */
  @Override
  public void close() {
    loop.execute(
        () -> {
          if (closed) {
            return;
          }
          closed = true;
          ticking = false;
          failQueued(new java.util.concurrent.CancellationException("session closed"));
          channel.close();
        });
  }
}
