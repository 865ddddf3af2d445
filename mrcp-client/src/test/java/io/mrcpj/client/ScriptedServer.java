package io.mrcpj.client;

import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.sdp.ConnectionMode;
import io.mrcpj.core.sdp.MrcpAnswerParameters;
import io.mrcpj.core.sdp.MrcpOfferAnswer;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.sdp.SdpWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted MRCPv2 server on loopback for the client's tests, standing in for a real one: a SIP
 * UAS on UDP that answers INVITE with 200 OK (an SDP answer made from the offer) and BYE with 200
 * OK, an MRCP TCP listener whose connections the test reads and writes message by message, and an
 * RTP socket the test sends the "synthesized" audio from. Nothing here is the project's server.
 */
public final class ScriptedServer implements AutoCloseable {

  private final DatagramSocket sip;
  private final ServerSocket mrcp;
  private final DatagramSocket rtp;
  private final BlockingQueue<String> offers = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> byes = new LinkedBlockingQueue<>();
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
  private final List<Connection> connections = new ArrayList<>();
  private final Map<String, String> sent = new ConcurrentHashMap<>(); // responses, by request key
  private volatile UnaryOperator<String> answerer;
  private volatile boolean closed;

  /** A server answering each offered resource with the channel id {@code channels} gives it. */
  public ScriptedServer(Map<String, String> channels, ConnectionMode mode) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    sip = new DatagramSocket(0, lo);
    mrcp = new ServerSocket(0, 50, lo);
    rtp = new DatagramSocket(0, lo);
    answerer =
        offer -> {
          try {
            return SdpWriter.write(
                MrcpOfferAnswer.answer(
                    new SdpParser().parse(offer),
                    MrcpAnswerParameters.builder()
                        .localAddress("127.0.0.1")
                        .mrcpPort(mrcp.getLocalPort())
                        .connectionMode(mode)
                        .channels((cmid, resource) -> channels.get(resource))
                        .rtpPorts((i, mid) -> rtp.getLocalPort())
                        .build()));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    Thread t = new Thread(this::serveSip, "scripted-sip");
    t.setDaemon(true);
    t.start();
    Thread a = new Thread(this::acceptMrcp, "scripted-mrcp-accept");
    a.setDaemon(true);
    a.start();
  }

  /** Answers INVITEs with what {@code answerer} makes of the offer instead. */
  public void answerWith(UnaryOperator<String> answerer) {
    this.answerer = answerer;
  }

  public int sipPort() {
    return sip.getLocalPort();
  }

  public int mrcpPort() {
    return mrcp.getLocalPort();
  }

  public int rtpPort() {
    return rtp.getLocalPort();
  }

  /** The SDP of the next INVITE; fails after 5 s. */
  public String offer() throws InterruptedException {
    return poll(offers, "INVITE");
  }

  /** The next BYE from the client; fails after {@code seconds}. */
  public String bye(int seconds) throws InterruptedException {
    String b = byes.poll(seconds, TimeUnit.SECONDS);
    if (b == null) {
      throw new AssertionError("no BYE within " + seconds + " s");
    }
    return b;
  }

  /** The next MRCP connection the client opened; fails after 5 s. */
  public Connection accept() throws InterruptedException {
    return poll(accepted, "MRCP connection");
  }

  private static <T> T poll(BlockingQueue<T> q, String what) throws InterruptedException {
    T v = q.poll(5, TimeUnit.SECONDS);
    if (v == null) {
      throw new AssertionError("no " + what + " within 5 s");
    }
    return v;
  }

  /** The client's RTP address, from an offer's {@code c=} and {@code m=audio}. */
  public static InetSocketAddress audioOf(String offer) {
    Matcher c = Pattern.compile("(?m)^c=IN IP4 (\\S+)").matcher(offer);
    Matcher m = Pattern.compile("(?m)^m=audio (\\d+) ").matcher(offer);
    if (!c.find() || !m.find()) {
      throw new AssertionError("no audio address in\n" + offer);
    }
    return new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1)));
  }

  /** Sends RTP datagrams to {@code to}, {@code pacingMillis} apart (0: back to back). */
  public void sendRtp(InetSocketAddress to, List<byte[]> packets, int pacingMillis)
      throws Exception {
    for (byte[] p : packets) {
      rtp.send(new DatagramPacket(p, p.length, to));
      if (pacingMillis > 0) {
        Thread.sleep(pacingMillis);
      }
    }
  }

  /** The next {@code count} datagrams sent to the RTP socket; fails after {@code millis}. */
  public List<byte[]> receiveRtp(int count, int millis) throws IOException {
    List<byte[]> out = new ArrayList<>();
    long end = System.currentTimeMillis() + millis;
    byte[] buf = new byte[2048];
    while (out.size() < count) {
      int left = (int) (end - System.currentTimeMillis());
      if (left <= 0) {
        throw new AssertionError("only " + out.size() + " RTP packets of " + count);
      }
      rtp.setSoTimeout(left);
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        rtp.receive(p);
      } catch (java.net.SocketTimeoutException e) {
        continue;
      }
      out.add(java.util.Arrays.copyOf(buf, p.getLength()));
    }
    return out;
  }

  // ---------------------------------------------------------------- SIP

  private void serveSip() {
    byte[] buf = new byte[65536];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        sip.receive(p);
      } catch (IOException e) {
        return;
      }
      String msg = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
      try {
        handleSip(msg, p.getSocketAddress());
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          e.printStackTrace();
        }
      }
    }
  }

  private void handleSip(String msg, java.net.SocketAddress from) throws IOException {
    String first = msg.substring(0, msg.indexOf("\r\n"));
    String method = first.split(" ")[0];
    if (method.equals("ACK") || first.startsWith("SIP/2.0")) {
      return;
    }
    String key = header(msg, "Call-ID") + " " + header(msg, "CSeq");
    String response = sent.get(key);
    if (response == null) {
      String body = "";
      if (method.equals("INVITE")) {
        String offer = msg.substring(msg.indexOf("\r\n\r\n") + 4);
        offers.add(offer);
        body = answerer.apply(offer);
      } else if (method.equals("BYE")) {
        byes.add(msg);
      }
      response = ok(msg, body);
      sent.put(key, response);
    }
    byte[] b = response.getBytes(StandardCharsets.ISO_8859_1);
    sip.send(new DatagramPacket(b, b.length, from));
  }

  /** 200 OK to {@code request}, with {@code sdp} as the body when not empty. */
  private String ok(String request, String sdp) {
    StringBuilder b = new StringBuilder("SIP/2.0 200 OK\r\n");
    Matcher via = Pattern.compile("(?im)^Via\\s*:\\s*(.*?)\\r?$").matcher(request);
    while (via.find()) {
      b.append("Via: ").append(via.group(1).trim()).append("\r\n");
    }
    b.append("From: ").append(header(request, "From")).append("\r\n");
    String to = header(request, "To");
    b.append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=scripted").append("\r\n");
    b.append("Call-ID: ").append(header(request, "Call-ID")).append("\r\n");
    b.append("CSeq: ").append(header(request, "CSeq")).append("\r\n");
    b.append("Contact: <sip:127.0.0.1:").append(sip.getLocalPort()).append(">\r\n");
    if (!sdp.isEmpty()) {
      b.append("Content-Type: application/sdp\r\n");
    }
    int length = sdp.getBytes(StandardCharsets.ISO_8859_1).length;
    return b.append("Content-Length: ").append(length).append("\r\n\r\n").append(sdp).toString();
  }

  private static String header(String message, String name) {
    Matcher m =
        Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(message);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name + " in\n" + message);
    }
    return m.group(1).trim();
  }

  // ---------------------------------------------------------------- MRCP

  private void acceptMrcp() {
    while (!closed) {
      try {
        Socket s = mrcp.accept();
        Connection c = new Connection(s);
        synchronized (connections) {
          connections.add(c);
        }
        accepted.add(c);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One MRCP connection from the client. */
  public static final class Connection implements AutoCloseable {
    private final RawMrcpPeer peer;

    Connection(Socket socket) throws IOException {
      this.peer = new RawMrcpPeer(socket);
    }

    /** Every byte the client sent on this connection so far. */
    public byte[] rawBytes() {
      return peer.rawBytes();
    }

    /** The next request from the client; fails after 5 s. */
    public MrcpRequest next() throws InterruptedException {
      MrcpMessage m = peer.next(5);
      if (!(m instanceof MrcpRequest r)) {
        throw new AssertionError("not a request: " + m);
      }
      return r;
    }

    /** Fails if the client sends anything within {@code millis}. */
    public void nothingFor(long millis) throws InterruptedException {
      Object m = peer.poll(millis);
      if (m != null) {
        throw new AssertionError("the client sent " + m + " where nothing was expected");
      }
    }

    public void send(byte[] bytes) throws IOException {
      peer.write(bytes);
    }

    public void send(MrcpMessage m) throws IOException {
      send(MrcpEncoder.encode(m));
    }

    /** A response to {@code r} with the state and extra headers given as name, value pairs. */
    public void respond(MrcpRequest r, int status, String state, String... headers)
        throws IOException {
      MrcpResponse.Builder b =
          MrcpResponse.builder()
              .requestId(r.requestId())
              .status(io.mrcpj.core.message.StatusCode.of(status))
              .state(io.mrcpj.core.message.RequestState.fromWire(state))
              .channelId(r.channelId().orElseThrow());
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      send(b.build());
    }

    /** An event about {@code r}. */
    public void event(MrcpRequest r, String name, String state, String... headers)
        throws IOException {
      MrcpEvent.Builder b =
          MrcpEvent.builder()
              .name(io.mrcpj.core.message.MrcpEventName.of(name))
              .requestId(r.requestId())
              .state(io.mrcpj.core.message.RequestState.fromWire(state))
              .channelId(r.channelId().orElseThrow());
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      send(b.build());
    }

    /** Drops the connection. */
    @Override
    public void close() throws IOException {
      peer.close();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    sip.close();
    mrcp.close();
    rtp.close();
    synchronized (connections) {
      for (Connection c : connections) {
        c.close();
      }
    }
  }
}
