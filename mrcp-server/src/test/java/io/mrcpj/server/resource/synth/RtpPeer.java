package io.mrcpj.server.resource.synth;

import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.RtpPacket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real UDP socket that receives the server's PCMU RTP, decodes it and notes when it came. */
final class RtpPeer implements AutoCloseable {

  /** One packet as it arrived. */
  record Packet(long nanos, int seq, long ts, boolean marker, short[] pcm) {}

  final List<Packet> packets = new CopyOnWriteArrayList<>();
  private final DatagramSocket socket;
  private final Thread reader;

  RtpPeer() throws SocketException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    reader = new Thread(this::read, "rtp-peer");
    reader.setDaemon(true);
    reader.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
  }

  private void read() {
    byte[] buf = new byte[2048];
    RtpPacket p = new RtpPacket();
    while (!socket.isClosed()) {
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(d);
      } catch (IOException e) {
        return;
      }
      if (p.wrap(d.getData(), d.getOffset(), d.getLength())) {
        short[] pcm = new short[p.payloadLength()];
        G711.decodeUlaw(p.array(), p.payloadOffset(), p.payloadLength(), pcm, 0);
        packets.add(
            new Packet(System.nanoTime(), p.sequenceNumber(), p.timestamp(), p.marker(), pcm));
      }
    }
  }

  /** All samples received so far, in arrival order. */
  short[] audio() {
    List<Packet> seen = List.copyOf(packets); // one snapshot: the reader may still be adding
    int n = seen.stream().mapToInt(p -> p.pcm().length).sum();
    short[] all = new short[n];
    int at = 0;
    for (Packet p : seen) {
      System.arraycopy(p.pcm(), 0, all, at, p.pcm().length);
      at += p.pcm().length;
    }
    return all;
  }

  /** Arrival time of the last packet, or 0. */
  long lastNanos() {
    return packets.isEmpty() ? 0 : packets.get(packets.size() - 1).nanos();
  }

  @Override
  public void close() {
    socket.close();
  }
}
