package io.mrcpj.server.media;

import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.server.LogContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * One bound RTP port of a session (the {@code m=audio} port of the server's answer). Packets are
 * decoded on the port's event loop by an {@link RtpAudioReceiver}; {@link #configure} and {@link
 * #sink} may be called from any thread and take effect on that loop, in order.
 */
public final class RtpEndpoint implements AutoCloseable {

  private final String callId;
  private final int port;
  private final RtpAudioReceiver receiver;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable release;
  private final java.util.function.Function<String, io.mrcpj.server.metrics.ServerMetrics.RtpMeters>
      meters;
  private volatile long lastPacketNanos;
  private volatile Channel channel;
  private volatile String logChannel;
  private volatile RtpOutput output;
  private volatile boolean inbound = true;

  /**
   * @param inbandDtmf whether to detect DTMF tones in the audio ({@code rtp.inband-dtmf})
   */
  RtpEndpoint(String callId, int port, boolean inbandDtmf, Runnable release) {
    this(callId, port, inbandDtmf, release, null);
  }

  /**
   * @param meters the shared RTP meters by codec name (null: none)
   */
  RtpEndpoint(
      String callId,
      int port,
      boolean inbandDtmf,
      Runnable release,
      java.util.function.Function<String, io.mrcpj.server.metrics.ServerMetrics.RtpMeters> meters) {
    this.meters = meters;
    this.callId = callId;
    this.port = port;
    this.receiver = new RtpAudioReceiver(inbandDtmf);
    this.release = release;
    this.lastPacketNanos = System.nanoTime();
  }

  /** Set once, right after the bind, before anyone else sees this endpoint. */
  void bound(Channel channel) {
    this.channel = channel;
  }

  public String callId() {
    return callId;
  }

  /** The local UDP port. */
  public int port() {
    return port;
  }

  /**
   * Sets the negotiated codec, the telephone-event payload (if any) and the PCM rate the sink
   * wants; packets before this are dropped.
   *
   * @throws IllegalArgumentException for a codec the server cannot decode (a negotiation bug)
   */
  public void configure(RtpCodec codec, Optional<RtpCodec> telephoneEvent, int sinkRate) {
    // check on the caller's thread so a bad codec fails the negotiation, not the event loop
    RtpAudioReceiver.check(codec, sinkRate);
    io.mrcpj.server.metrics.ServerMetrics.RtpMeters m =
        meters == null ? null : meters.apply(codec.encodingName());
    onLoop(() -> receiver.configure(codec, telephoneEvent, sinkRate, m));
  }

  /** The Channel-Identifier(s) this port's audio goes to, for the log lines' MDC. */
  public void logChannel(String channelIds) {
    this.logChannel = channelIds;
  }

  /** Where decoded audio and DTMF go from now on. */
  public void sink(AudioSink sink) {
    onLoop(() -> receiver.sink(sink));
  }

  /**
   * Starts (or, on a re-INVITE, replaces) what this port sends: the returned output paces PCM to
   * {@code remote} in {@code codec}. The previous output, if any, stops.
   *
   * @throws IllegalArgumentException for a codec the server cannot encode or a bad ptime
   * @throws IllegalStateException when the endpoint is closed
   */
  public RtpOutput output(java.net.InetSocketAddress remote, RtpCodec codec, int ptimeMillis) {
    Channel ch = channel;
    if (ch == null || closed.get()) {
      throw new IllegalStateException("RTP port " + port + " is closed");
    }
    RtpOutput old = output;
    if (old != null
        && old.remote().equals(remote)
        && old.codec().equals(codec)
        && old.ptimeMillis() == ptimeMillis) {
      // a re-INVITE that changes nothing (a session refresh): a SPEAK playing goes on
      return old;
    }
    RtpOutput out = new RtpOutput(ch, remote, codec, ptimeMillis);
    output = out;
    if (old != null) {
      old.close();
    }
    return out;
  }

  /** What this port sends now, or null when it sends nothing. */
  public RtpOutput output() {
    return output;
  }

  /** Stops sending (the peer no longer receives on this line). */
  public void stopOutput() {
    RtpOutput old = output;
    output = null;
    if (old != null) {
      old.close();
    }
  }

  /**
   * Whether the peer sends on this line ({@code sendonly} or {@code sendrecv} on its side): only
   * then does silence on it count towards the RTP timeout.
   */
  public boolean inbound() {
    return inbound;
  }

  /** Sets {@link #inbound()} from the negotiated direction. */
  public void inbound(boolean peerSends) {
    this.inbound = peerSends;
  }

  /** The receive counters. */
  public RtpStats stats() {
    return receiver.stats();
  }

  /** {@link System#nanoTime()} of the last datagram (or of the bind, before any arrived). */
  public long lastPacketNanos() {
    return lastPacketNanos;
  }

  private void onLoop(Runnable task) {
    Channel ch = channel;
    if (ch != null && !closed.get()) {
      ch.eventLoop().execute(task);
    }
  }

  /** Closes the socket; the port goes back to the pool once it is closed. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Channel ch = channel;
    if (ch == null) {
      release.run();
      return;
    }
    ch.eventLoop().execute(() -> receiver.sink(AudioSink.NONE));
    RtpOutput out = output;
    if (out != null) {
      out.close();
    }
    ch.close().addListener(f -> release.run());
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** The channel handler: datagram in, receiver fed. */
  final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final byte[] scratch = new byte[2048];

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
      lastPacketNanos = System.nanoTime();
      // no lambda per packet: the keys are put and restored by hand
      String beforeCall = MDC.get(LogContext.CALL_ID);
      String beforeChannel = MDC.get(LogContext.CHANNEL);
      MDC.put(LogContext.CALL_ID, callId);
      String ch = logChannel;
      if (ch != null) {
        MDC.put(LogContext.CHANNEL, ch);
      }
      try {
        read(msg);
      } finally {
        LogContext.restore(LogContext.CALL_ID, beforeCall);
        LogContext.restore(LogContext.CHANNEL, beforeChannel);
      }
    }

    private void read(DatagramPacket msg) {
      ByteBuf b = msg.content();
      int n = b.readableBytes();
      if (b.hasArray()) {
        receiver.onPacket(b.array(), b.arrayOffset() + b.readerIndex(), n);
      } else if (n <= scratch.length) {
        b.getBytes(b.readerIndex(), scratch, 0, n);
        receiver.onPacket(scratch, 0, n);
      } else {
        receiver.onPacket(null, 0, 0); // counted as dropped
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // an ICMP error or the like: the port stays open, the stream goes on
    }
  }
}
