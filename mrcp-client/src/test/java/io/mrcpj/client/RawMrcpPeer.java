package io.mrcpj.client;

import io.mrcpj.core.codec.MrcpDecoder;
import io.mrcpj.core.message.MrcpMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted MRCP peer on a plain TCP socket: writes raw bytes (captured messages) and decodes what
 * the server sends with the project's decoder on a reader thread.
 */
final class RawMrcpPeer implements AutoCloseable {

  private final Socket socket;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final Thread reader;

  private final java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();

  RawMrcpPeer(InetSocketAddress server) throws IOException {
    this(new Socket(server.getAddress(), server.getPort()));
  }

  /** A peer on a socket already connected (e.g. one a scripted server accepted). */
  RawMrcpPeer(Socket connected) throws IOException {
    socket = connected;
    socket.setTcpNoDelay(true);
    reader = new Thread(this::read, "raw-mrcp-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    EmbeddedChannel decoder = new EmbeddedChannel(new MrcpDecoder());
    byte[] buf = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (raw) {
          raw.write(buf, 0, n);
        }
        decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
        Object m;
        while ((m = decoder.readInbound()) != null) {
          received.add(m);
        }
      }
    } catch (IOException e) {
      // closed
    } finally {
      decoder.finishAndReleaseAll();
    }
  }

  /** Every byte the other side sent so far. */
  byte[] rawBytes() {
    synchronized (raw) {
      return raw.toByteArray();
    }
  }

  void write(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** The next message from the server; fails after {@code seconds}. */
  MrcpMessage next(int seconds) throws InterruptedException {
    Object m = received.poll(seconds, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("nothing from the server within " + seconds + " s");
    }
    if (!(m instanceof MrcpMessage msg)) {
      throw new AssertionError("undecodable message from the server: " + m);
    }
    return msg;
  }

  /** Whatever arrives within {@code millis}, or null when nothing does. */
  Object poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Drops the connection the way a crashed client does (RST where the OS allows). */
  void drop() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
