package io.mrcpj.server.media;

import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.G722;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.RtpHeaderWriter;
import io.mrcpj.core.sdp.RtpCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The audio a server sends on one RTP port (a synthesizer's speech): PCM and cues queue up in
 * order, and a timer on the port's event loop sends one packet of {@code ptime} milliseconds per
 * tick, so the audio leaves at the media clock and not as fast as an engine makes it (RFC 3550
 * section 5.1: the timestamp advances by the samples of each packet; the marker bit starts each
 * talkspurt).
 *
 * <p>A cue (a SPEECH-MARKER, the end of a SPEAK) runs on the event loop right after the last packet
 * of the audio queued before it has been sent. {@link #clear} drops everything still queued, so a
 * STOP or barge-in silences the port from the next tick on: within one packet time. While {@link
 * #pause paused} nothing is sent and the clock runs on. The timer runs only while there is
 * something to send, and stops after a second of idleness.
 *
 * <p>Every method may be called from any thread; the queue lives on the event loop. Limits: PCM
 * must be at {@link #sampleRate()}; the queue is as long as the writers make it (the synthesizer
 * bounds what it queues per SPEAK).
 */
public final class RtpOutput {

  /** Idle ticks after which the timer stops (one second at 20 ms). */
  private static final int IDLE_TICKS = 50;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Channel channel;
  private final InetSocketAddress remote;
  private final RtpCodec codec;
  private final int ptimeMillis;
  private final int rate;
  private final int frameSamples; // at rate
  private final int clockPerFrame; // RTP timestamp units per packet
  private final G722.Encoder g722;
  private final RtpHeaderWriter header;

  // Event loop only.
  private final ArrayDeque<Object> queue = new ArrayDeque<>(); // short[] or Runnable
  private int headOffset;
  private int queuedSamples;
  private boolean paused;
  private boolean talkspurt = true;
  private boolean closed;
  private ScheduledFuture<?> ticker;
  private int idle;
  private long lastTickNanos;
  private final short[] frame;
  private final byte[] packet;

  private final java.util.concurrent.atomic.AtomicLong epoch =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile long packetsSent;
  private volatile long samplesSent;

  /**
   * @param channel the endpoint's bound UDP channel (packets leave from the port in the SDP)
   * @param remote where the peer receives ({@code c=} and {@code m=audio} port of its offer)
   * @param codec the negotiated codec: PCMU, PCMA, L16 or G722
   * @param ptimeMillis packet time (the offer's {@code a=ptime}, else 20), 10 to 120
   * @throws IllegalArgumentException for a codec the server cannot encode
   */
  RtpOutput(Channel channel, InetSocketAddress remote, RtpCodec codec, int ptimeMillis) {
    if (ptimeMillis < 10 || ptimeMillis > 120) {
      throw new IllegalArgumentException("ptime must be 10-120 ms: " + ptimeMillis);
    }
    String name = codec.encodingName().toUpperCase(Locale.ROOT);
    if (!name.equals("PCMU") && !name.equals("PCMA") && !name.equals("L16") && !name.equals("G722")
        || codec.channels() != 1) {
      throw new IllegalArgumentException("cannot send " + codec);
    }
    this.channel = channel;
    this.remote = remote;
    this.codec = codec;
    this.ptimeMillis = ptimeMillis;
    this.rate = codec.audioRate();
    this.frameSamples = rate * ptimeMillis / 1000;
    this.clockPerFrame = codec.clockRate() * ptimeMillis / 1000;
    this.g722 = name.equals("G722") ? G722.encoder() : null;
    this.frame = new short[frameSamples];
    this.packet = new byte[12 + frameSamples * 2];
    this.header =
        new RtpHeaderWriter()
            .payloadType(codec.payloadType())
            .ssrc(RANDOM.nextInt() & 0xFFFFFFFFL)
            .sequenceNumber(RANDOM.nextInt(0x10000))
            .timestamp(RANDOM.nextInt() & 0xFFFFFFFFL);
  }

  /** The PCM rate this output wants (the codec's audio rate: 8000, or 16000 for G.722). */
  public int sampleRate() {
    return rate;
  }

  /** The packet time in milliseconds. */
  public int ptimeMillis() {
    return ptimeMillis;
  }

  /** The negotiated codec. */
  public RtpCodec codec() {
    return codec;
  }

  /** Where the packets go. */
  public InetSocketAddress remote() {
    return remote;
  }

  /** Packets sent so far. */
  public long packetsSent() {
    return packetsSent;
  }

  /** Samples (at {@link #sampleRate()}) sent so far, padding included. */
  public long samplesSent() {
    return samplesSent;
  }

  /**
   * The current epoch: {@link #clear} starts a new one, and audio and cues written with an older
   * epoch are dropped, so a stopped SPEAK's engine cannot slip audio in after the clear.
   */
  public long epoch() {
    return epoch.get();
  }

  /** Queues PCM at {@link #sampleRate()} in the current epoch; the array is handed over. */
  public void write(short[] pcm) {
    write(pcm, epoch.get());
  }

  /** Queues PCM of {@code writerEpoch}; dropped if {@link #clear} ran since that epoch began. */
  public void write(short[] pcm, long writerEpoch) {
    if (pcm.length > 0) {
      onLoop(
          () -> {
            if (writerEpoch == epoch.get()) {
              queue.addLast(pcm);
              queuedSamples += pcm.length;
              start();
            }
          });
    }
  }

  /** Runs {@code cue} on the event loop once everything queued before it has been sent. */
  public void cue(Runnable cue) {
    cue(cue, epoch.get());
  }

  /** As {@link #cue(Runnable)}, for a writer of {@code writerEpoch}. */
  public void cue(Runnable cue, long writerEpoch) {
    onLoop(
        () -> {
          if (writerEpoch == epoch.get()) {
            queue.addLast(cue);
            start();
          }
        });
  }

  /**
   * Drops all queued audio and cues (the cues do not run) and starts a new epoch.
   *
   * @return the new epoch
   */
  public long clear() {
    long next = epoch.incrementAndGet();
    onLoop(
        () -> {
          queue.clear();
          queuedSamples = 0;
          headOffset = 0;
          talkspurt = true;
        });
    return next;
  }

  /** Stops sending (keeping the queue) or goes on. */
  public void pause(boolean pause) {
    onLoop(
        () -> {
          paused = pause;
          if (pause) {
            talkspurt = true;
          } else {
            start();
          }
        });
  }

  /** Stops for good: the queue is dropped and the timer cancelled. */
  void close() {
    onLoop(
        () -> {
          closed = true;
          queue.clear();
          queuedSamples = 0;
          stopTicker();
        });
  }

  private void onLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }

  private void start() {
    if (closed || ticker != null || queue.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    if (lastTickNanos != 0) {
      // the clock ran while the timer was off: move the timestamp on by the time that passed
      long frames = (now - lastTickNanos) / TimeUnit.MILLISECONDS.toNanos(ptimeMillis);
      header.timestamp(header.timestamp() + frames * clockPerFrame);
    }
    idle = 0;
    // the first packet goes out now: a SPEAK is heard without waiting a tick
    tick();
    ticker =
        channel
            .eventLoop()
            .scheduleAtFixedRate(this::tick, ptimeMillis, ptimeMillis, TimeUnit.MILLISECONDS);
  }

  private void stopTicker() {
    if (ticker != null) {
      ticker.cancel(false);
      ticker = null;
    }
  }

  private void tick() {
    lastTickNanos = System.nanoTime();
    runCues();
    if (closed || paused || !ready()) {
      if (!paused) {
        talkspurt = true;
      }
      // no packet: the clock runs on, the sequence number does not (RFC 3550 section 5.1)
      header.timestamp(header.timestamp() + clockPerFrame);
      if (!paused && queue.isEmpty() && ++idle >= IDLE_TICKS) {
        stopTicker();
      }
      return;
    }
    idle = 0;
    int n = fill();
    send(n);
    runCues();
  }

  /** Whether a packet can go now: a whole frame queued, or the rest of the audio before a cue. */
  private boolean ready() {
    if (queuedSamples >= frameSamples) {
      return true;
    }
    if (queuedSamples == 0) {
      return false;
    }
    for (Object o : queue) {
      if (o instanceof Runnable) {
        return true;
      }
    }
    return false;
  }

  /** Moves up to a frame of queued audio into {@link #frame}, padding with silence. */
  private int fill() {
    int n = 0;
    while (n < frameSamples && queue.peekFirst() instanceof short[] head) {
      int take = Math.min(frameSamples - n, head.length - headOffset);
      System.arraycopy(head, headOffset, frame, n, take);
      n += take;
      headOffset += take;
      if (headOffset == head.length) {
        queue.pollFirst();
        headOffset = 0;
      }
    }
    queuedSamples -= n;
    java.util.Arrays.fill(frame, n, frameSamples, (short) 0);
    return n;
  }

  private void runCues() {
    while (!closed && queue.peekFirst() instanceof Runnable cue) {
      queue.pollFirst();
      cue.run();
    }
  }

  private void send(int audioSamples) {
    header.marker(talkspurt);
    talkspurt = false;
    int off = header.write(packet, 0);
    int len =
        switch (codec.encodingName().toUpperCase(Locale.ROOT)) {
          case "PCMU" -> G711.encodeUlaw(frame, 0, frameSamples, packet, off);
          case "PCMA" -> G711.encodeAlaw(frame, 0, frameSamples, packet, off);
          case "L16" -> L16.encode(frame, 0, frameSamples, packet, off);
          default -> g722.encode(frame, 0, frameSamples, packet, off);
        };
    header.advance(clockPerFrame);
    ByteBuf buf = channel.alloc().buffer(off + len);
    buf.writeBytes(packet, 0, off + len);
    channel.writeAndFlush(new DatagramPacket(buf, remote), channel.voidPromise());
    packetsSent++;
    samplesSent += frameSamples;
  }
}
