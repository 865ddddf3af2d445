package io.mrcpj.server.media;

import io.mrcpj.server.config.RtpConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds RTP ports for sessions from the configured range on netty UDP event loops (owned here).
 * Only even ports are handed out (RFC 3550 section 11: RTP on an even port, RTCP on the next odd
 * one); a port is reused only after its socket closed, and the next search starts after the last
 * port given out, so a freed port is not handed to the next session at once (stray packets of the
 * old stream).
 *
 * <p>{@link #open} binds a socket and may block briefly: call it on a SIP worker, never on an event
 * loop.
 */
public final class RtpMediaService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RtpMediaService.class);

  private final String host;
  private final int first;
  private final int count;
  private final boolean inbandDtmf;
  private final EventLoopGroup loops;
  private final BitSet used;
  private final AtomicInteger inUse = new AtomicInteger();
  private int cursor;
  private volatile boolean closed;
  private volatile java.util.function.Function<
          String, io.mrcpj.server.metrics.ServerMetrics.RtpMeters>
      meters;

  /** Where every endpoint opened from now on counts its packets, by codec. */
  public void metrics(io.mrcpj.server.metrics.ServerMetrics m) {
    this.meters = m::rtp;
  }

  /**
   * @param config the address, the port range and whether to detect DTMF tones in the audio
   * @param ioThreads event loops for RTP; 0 means one per core
   */
  public RtpMediaService(RtpConfig config, int ioThreads) {
    this.host = config.host();
    this.first = config.portMin() + (config.portMin() & 1);
    this.count = Math.max(0, (config.portMax() - first) / 2 + 1);
    this.inbandDtmf = config.inbandDtmf();
    this.used = new BitSet(count);
    int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    this.loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("rtp-io", true));
  }

  /** Ports the range holds. */
  public int capacity() {
    return count;
  }

  /** Ports bound or being released now. */
  public int portsInUse() {
    return inUse.get();
  }

  /**
   * Binds the next free port of the range for {@code callId}.
   *
   * @throws RtpPortsExhaustedException when every port is taken (by us or by other programs)
   */
  public RtpEndpoint open(String callId) throws RtpPortsExhaustedException {
    for (int attempt = 0; attempt < count; attempt++) {
      int slot = reserve();
      if (slot < 0) {
        break;
      }
      int port = first + 2 * slot;
      RtpEndpoint ep = new RtpEndpoint(callId, port, inbandDtmf, () -> free(slot), meters);
      ChannelFuture f =
          new Bootstrap()
              .group(loops)
              .channel(NioDatagramChannel.class)
              .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
              .option(ChannelOption.SO_RCVBUF, 64 * 1024)
              .handler(ep.new Handler())
              .bind(host, port)
              .awaitUninterruptibly();
      if (f.isSuccess()) {
        Channel ch = f.channel();
        ep.bound(ch);
        if (closed) {
          ep.close();
          break;
        }
        return ep;
      }
      log.debug("RTP port {} cannot be bound: {}", port, String.valueOf(f.cause()));
      free(slot);
    }
    throw new RtpPortsExhaustedException(
        "no free RTP port in " + first + "-" + (first + 2 * (count - 1)));
  }

  private synchronized int reserve() {
    if (closed) {
      return -1;
    }
    int slot = used.nextClearBit(cursor);
    if (slot >= count) {
      slot = used.nextClearBit(0);
      if (slot >= count) {
        return -1;
      }
    }
    used.set(slot);
    cursor = slot + 1 >= count ? 0 : slot + 1;
    inUse.incrementAndGet();
    return slot;
  }

  private synchronized void free(int slot) {
    if (used.get(slot)) {
      used.clear(slot);
      inUse.decrementAndGet();
    }
  }

  /** Stops the event loops; every socket still open is closed with them. */
  @Override
  public void close() {
    closed = true;
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
