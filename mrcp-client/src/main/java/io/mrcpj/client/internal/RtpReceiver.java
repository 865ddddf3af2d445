package io.mrcpj.client.internal;

import io.mrcpj.client.RtpReceiveStats;
import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.G722;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.media.RtpSequence;
import io.mrcpj.core.sdp.RtpCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives the server's audio (RFC 3550 RTP) on the session's RTP socket, the one {@link RtpSender}
 * sends from: keeps the negotiated payload type, decodes PCMU, PCMA, L16 or G.722 to 16-bit mono
 * PCM at the codec's audio rate, and hands it to the one {@link Capture} running (a SPEAK's audio).
 * Packets outside a capture are counted and dropped.
 *
 * <p>Reordering is minimal: a capture holds the last {@link #WINDOW} packets and uses them in
 * sequence order, so a packet up to that many places late still lands in its place; one later than
 * that, or a repeat, is dropped and counted as late. A sequence gap is counted as lost and filled
 * with silence (at most {@link RtpReceiveStats#MAX_CONCEALED_PACKETS} packets per gap); a new SSRC,
 * or a jump of more than {@link #RESYNC_GAP} packets, starts a new run without counting a loss.
 *
 * <p>All state lives on the socket's event loop; the capture futures complete on the callback
 * executor. Not sharable between sockets.
 */
public final class RtpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {

  /** Packets held back to put reordered ones in place (80 ms at 20 ms per packet). */
  static final int WINDOW = 4;

  /** A sequence jump larger than this is a restarted stream, not a loss. */
  static final int RESYNC_GAP = 1000;

  /** Larger datagrams are not audio of a telephone codec; they are ignored. */
  private static final int MAX_DATAGRAM = 4096;

  private final Executor callbacks;
  private final RtpPacket view = new RtpPacket();
  private final byte[] scratch = new byte[MAX_DATAGRAM];
  private final AtomicLong packets = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private volatile EventLoop loop;
  // Event-loop state.
  private int payloadType = -1;
  private RtpEncoding encoding;
  private volatile int rate = 8000;
  private G722.Decoder g722;
  private short[] decoded = new short[2 * MAX_DATAGRAM];
  private Capture current;

  RtpReceiver(Executor callbacks) {
    this.callbacks = callbacks;
  }

  /** The socket is bound: its event loop is where this receiver's state lives. */
  void bind(Channel channel) {
    this.loop = channel.eventLoop();
  }

  /**
   * Which payload type to take and how to decode it (the codec of the server's answer).
   *
   * @throws IllegalArgumentException for a codec the client cannot decode
   */
  public void start(RtpCodec codec) {
    RtpEncoding e = RtpEncoding.of(codec);
    rate = codec.audioRate();
    loop.execute(
        () -> {
          payloadType = codec.payloadType();
          encoding = e;
          g722 = e == RtpEncoding.G722 ? G722.decoder() : null;
        });
  }

  /** The audio rate of the codec (8000 until {@link #start} says otherwise). */
  public int sampleRate() {
    return rate;
  }

  /** Everything received on the socket so far; lost and late count the captures' packets only. */
  public RtpReceiveStats totals() {
    return new RtpReceiveStats(packets.get(), bytes.get(), lost.get(), late.get(), ignored.get());
  }

  /**
   * Starts collecting audio now (ending a capture that still runs). Packets already on their way
   * may land in it: start it just before asking for the audio.
   */
  public Capture capture() {
    Capture c = new Capture();
    run(
        () -> {
          if (current != null) {
            current.complete();
          }
          current = c;
          if (g722 != null) {
            g722.reset();
          }
        },
        c);
    return c;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
    if (!view.wrap(msg.content(), scratch) || view.payloadType() != payloadType) {
      ignored.incrementAndGet(); // RTCP, telephone-event, comfort noise, junk
      return;
    }
    packets.incrementAndGet();
    bytes.addAndGet(view.payloadLength());
    if (current != null) {
      current.offer(view);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (current != null) {
      current.complete();
    }
    super.channelInactive(ctx);
  }

  /** Runs {@code task} on the loop; when the loop is gone, ends {@code c} where it stands. */
  private void run(Runnable task, Capture c) {
    EventLoop l = loop;
    try {
      if (l == null) {
        throw new RejectedExecutionException("not bound");
      }
      l.execute(task);
    } catch (RejectedExecutionException e) {
      c.done.complete(c.result());
    }
  }

  private int decode(byte[] payload, short[] out) {
    return switch (encoding) {
      case PCMU -> G711.decodeUlaw(payload, 0, payload.length, out, 0);
      case PCMA -> G711.decodeAlaw(payload, 0, payload.length, out, 0);
      case L16 -> L16.decode(payload, 0, payload.length, out, 0);
      case G722 -> g722.decode(payload, 0, payload.length, out, 0);
    };
  }

  /** What a capture collected. */
  public record Result(short[] pcm, int sampleRate, RtpReceiveStats stats) {}

  /** The audio of one request: PCM in sequence order, with its own counters. */
  public final class Capture {
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private final TreeMap<Long, byte[]> window = new TreeMap<>();
    private short[] pcm = new short[8000];
    private volatile int size;
    private long ssrc = -1;
    private long highest = -1; // extended sequence numbers
    private long emitted = -1;
    private int lastSamples;
    private long packetsTaken;
    private long bytesTaken;
    private long lostHere;
    private long lateHere;
    private boolean ended;

    private Capture() {}

    /** Samples collected so far (read from any thread). */
    public int samples() {
      return size;
    }

    /**
     * Ends the capture after {@code drainMillis} more of collecting (audio still in flight when the
     * request completed), then completes with what it holds.
     */
    public CompletableFuture<Result> finish(long drainMillis) {
      EventLoop l = loop;
      try {
        if (l == null) {
          throw new RejectedExecutionException("not bound");
        }
        l.schedule(this::complete, Math.max(0, drainMillis), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        done.complete(result());
      }
      return done;
    }

    /** Completes with what it has (on the loop). */
    private void complete() {
      if (ended) {
        return;
      }
      ended = true;
      while (!window.isEmpty()) {
        emit(window.pollFirstEntry());
      }
      if (current == this) {
        current = null;
      }
      lost.addAndGet(lostHere);
      late.addAndGet(lateHere);
      Result r = result();
      callbacks.execute(() -> done.complete(r));
    }

    private Result result() {
      return new Result(
          Arrays.copyOf(pcm, size),
          rate,
          new RtpReceiveStats(packetsTaken, bytesTaken, lostHere, lateHere, 0));
    }

    private void offer(RtpPacket p) {
      if (ended) {
        return;
      }
      if (p.ssrc() != ssrc) {
        restart();
        ssrc = p.ssrc();
      }
      int seq = p.sequenceNumber();
      long ext =
          highest < 0 ? 0x10000L + seq : highest + RtpSequence.delta((int) (highest & 0xFFFF), seq);
      if (ext <= emitted || window.containsKey(ext)) {
        lateHere++;
        return;
      }
      if (highest >= 0 && Math.abs(ext - highest) > RESYNC_GAP) {
        restart();
        ext = 0x10000L + seq;
      }
      highest = Math.max(highest, ext);
      byte[] payload =
          Arrays.copyOfRange(p.array(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
      window.put(ext, payload);
      packetsTaken++;
      bytesTaken += payload.length;
      while (window.size() > WINDOW) {
        emit(window.pollFirstEntry());
      }
    }

    /** A new run of sequence numbers: what is held is used, and no loss is counted across. */
    private void restart() {
      while (!window.isEmpty()) {
        emit(window.pollFirstEntry());
      }
      highest = -1;
      emitted = -1;
      if (g722 != null) {
        g722.reset();
      }
    }

    private void emit(Map.Entry<Long, byte[]> e) {
      long gap = emitted < 0 ? 0 : e.getKey() - emitted - 1;
      if (gap > 0) {
        lostHere += gap;
        append(null, (int) Math.min(gap, RtpReceiveStats.MAX_CONCEALED_PACKETS) * lastSamples);
      }
      byte[] payload = e.getValue();
      if (decoded.length < 2 * payload.length) {
        decoded = new short[2 * payload.length];
      }
      int n = decode(payload, decoded);
      append(decoded, n);
      lastSamples = n;
      emitted = e.getKey();
    }

    /** Appends {@code n} samples of {@code src}, or {@code n} of silence when it is null. */
    private void append(short[] src, int n) {
      int at = size;
      if (at + n > pcm.length) {
        pcm = Arrays.copyOf(pcm, Math.max(at + n, pcm.length * 2));
      }
      if (src != null) {
        System.arraycopy(src, 0, pcm, at, n);
      }
      size = at + n;
    }
  }
}
