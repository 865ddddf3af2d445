package io.mrcpj.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted SIP peer on a UDP socket: sends captured requests (edited where a test must) and reads
 * what the server sends back. For replaying what UniMRCP and FreeSWITCH really sent.
 */
public final class RawSipPeer implements AutoCloseable {

  private final DatagramSocket socket;
  private final int serverPort;

  public RawSipPeer(int serverPort) throws IOException {
    this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    this.socket.setSoTimeout(5000);
    this.serverPort = serverPort;
  }

  public int port() {
    return socket.getLocalPort();
  }

  public void send(String message) throws IOException {
    byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
    socket.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", serverPort)));
  }

  /** The next datagram; fails after 5 s. */
  public String receive() throws IOException {
    byte[] buf = new byte[65536];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    socket.receive(p);
    return new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
  }

  /** The next datagram that is a request with {@code method}, skipping retransmitted responses. */
  public String receiveRequest(String method, int timeoutMillis) throws IOException {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      int left = (int) (end - System.currentTimeMillis());
      if (left <= 0) {
        throw new SocketTimeoutException("no " + method + " within " + timeoutMillis + " ms");
      }
      socket.setSoTimeout(left);
      String m = receive();
      if (m.startsWith(method + " ")) {
        socket.setSoTimeout(5000);
        return m;
      }
    }
  }

  /** Sends an INVITE and returns the final response. */
  public String invite(String invite) throws IOException {
    send(invite);
    while (true) {
      String r = receive();
      if (r.startsWith("SIP/2.0 ") && Integer.parseInt(r.substring(8, 11)) >= 200) {
        return r;
      }
    }
  }

  /** Answers a request from the server with 200 OK. */
  public void ok(String request) throws IOException {
    StringBuilder b = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String h : new String[] {"Via", "From", "To", "Call-ID", "CSeq"}) {
      b.append(h).append(": ").append(header(request, h)).append("\r\n");
    }
    b.append("Content-Length: 0\r\n\r\n");
    send(b.toString());
  }

  /** The CSeq number of a message. */
  public static long cseq(String message) {
    return Long.parseLong(header(message, "CSeq").split(" ")[0]);
  }

  /** ACKs the 200 OK to an INVITE. */
  public void ack(String ok) throws IOException {
    send(inDialog("ACK", ok, cseq(ok)));
  }

  /** BYEs the dialog of {@code ok} and returns the final response. */
  public String bye(String ok) throws IOException {
    send(inDialog("BYE", ok, cseq(ok) + 1));
    while (true) {
      String r = receive();
      if (r.startsWith("SIP/2.0 ") && r.contains(" BYE\r\n")) {
        return r;
      }
    }
  }

  /** An in-dialog request (ACK, BYE) built from the 200 OK to the INVITE. */
  public String inDialog(String method, String ok, long cseq) {
    return method
        + " sip:127.0.0.1:"
        + serverPort
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + port()
        + ";rport;branch=z9hG4bK"
        + Long.toHexString(System.nanoTime())
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: "
        + header(ok, "From")
        + "\r\n"
        + "To: "
        + header(ok, "To")
        + "\r\n"
        + "Call-ID: "
        + header(ok, "Call-ID")
        + "\r\n"
        + "CSeq: "
        + cseq
        + " "
        + method
        + "\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  public static String header(String message, String name) {
    Matcher m =
        Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(message);
    assertThat(m.find()).as("%s in\n%s", name, message).isTrue();
    return m.group(1).trim();
  }

  public static String body(String message) {
    return message.substring(message.indexOf("\r\n\r\n") + 4);
  }

  /** {@code message} with its body replaced and Content-Length set to match. */
  public static String withBody(String message, String body) {
    String head = message.substring(0, message.indexOf("\r\n\r\n"));
    head =
        head.replaceAll(
            "(?im)^Content-Length:.*$",
            "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length);
    return head + "\r\n\r\n" + body;
  }

  @Override
  public void close() {
    socket.close();
  }
}
