package io.mrcpj.asr.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in NLS gateway on loopback (port 0): netty's WebSocket server codec at {@code /ws/v1},
 * speaking the service's JSON messages for the {@code SpeechTranscriber} namespace. The upgrade
 * must carry an accepted {@code X-NLS-Token}, else it is answered 403 with a body naming the token
 * (as a gateway might, so the client's masking shows). After {@code StartTranscription} it answers
 * {@code TranscriptionStarted}; as audio arrives it "hears" the {@link Script}'s sentences, one
 * word per {@code bytesPerWord} bytes: {@code SentenceBegin}, {@code TranscriptionResultChanged}
 * with the sentence's words so far, {@code SentenceEnd} with its confidence. {@code
 * StopTranscription} brings the words not heard yet and {@code TranscriptionCompleted}. The
 * script's other fields make it misbehave; each connection records what it received.
 */
final class FakeNlsServer implements AutoCloseable {

  static final String PATH = "/ws/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A sentence the server will hear, and the confidence it gives it. */
  record Sentence(String text, double confidence) {}

  /** What the server says, and how it misbehaves; the defaults behave. */
  static final class Script {
    Set<String> tokens = Set.of("test-token");
    List<Sentence> sentences =
        List.of(new Sentence("four five", 0.9), new Sentence("six one", 0.7));
    int bytesPerWord = 16_000;
    long startDelayMs;
    boolean neverStart;
    int failStartStatus;
    int failStatus;
    long failAfterBytes = -1;
    long dropAfterBytes = -1;
    boolean dropWithCloseFrame;
    boolean garbageAfterStart;
    boolean ignoreStop;
    SslContext tls;
  }

  /** What one client connection sent. */
  static final class Connection {
    volatile String token;
    volatile String path;
    final List<JsonNode> commands = new CopyOnWriteArrayList<>();
    final List<String> replies = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    volatile boolean sawCloseFrame;
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    synchronized byte[] audio() {
      return audio.toByteArray();
    }

    private synchronized long addAudio(byte[] bytes) {
      audio.writeBytes(bytes);
      return audio.size();
    }

    /** The first command of that name, or null. */
    JsonNode command(String name) {
      for (JsonNode c : commands) {
        if (c.path("header").path("name").asText().equals(name)) {
          return c;
        }
      }
      return null;
    }
  }

  private final Script script;
  private final EventLoopGroup group = new NioEventLoopGroup(2);
  private final Channel server;
  final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  FakeNlsServer(Script script) throws InterruptedException {
    this.script = script;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    Connection c = new Connection();
                    connections.add(c);
                    ch.closeFuture().addListener(f -> c.closed.complete(null));
                    if (script.tls != null) {
                      ch.pipeline().addLast(script.tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(16 * 1024))
                        .addLast(new TokenCheck(c))
                        .addLast(
                            new WebSocketServerProtocolHandler(
                                WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(PATH)
                                    .handleCloseFrames(false)
                                    .sendCloseFrame(null) // a drop is a drop
                                    .maxFramePayloadLength(1 << 20)
                                    .build()))
                        .addLast(new Task(c));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  String url() {
    return (script.tls != null ? "wss" : "ws") + "://127.0.0.1:" + port() + PATH;
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  Connection connection() {
    return connections.get(0);
  }

  /** Stops listening and ends every connection; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers an upgrade without an accepted token with 403, as the gateway refuses it. */
  private final class TokenCheck extends ChannelInboundHandlerAdapter {
    private final Connection c;

    TokenCheck(Connection c) {
      this.c = c;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest req) {
        c.token = req.headers().get("X-NLS-Token");
        c.path = req.uri();
        if (!script.tokens.contains(c.token)) {
          String body = "{\"status_text\":\"Meta:ACCESS_DENIED:The token '" + c.token + "'";
          req.release();
          ctx.writeAndFlush(
                  new DefaultFullHttpResponse(
                      HttpVersion.HTTP_1_1,
                      HttpResponseStatus.FORBIDDEN,
                      Unpooled.copiedBuffer(body + " is invalid!\"}", StandardCharsets.UTF_8)))
              .addListener(ChannelFutureListener.CLOSE);
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** One transcription task, as the service runs it (here on the connection's event loop). */
  private final class Task extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Connection c;
    private final List<String[]> words = new ArrayList<>(); // {sentence index, word}
    private String taskId = "";
    private int heard;
    private boolean started;
    private boolean over;

    Task(Connection c) {
      this.c = c;
      int index = 1;
      for (Sentence s : script.sentences) {
        for (String w : s.text().split(" ")) {
          words.add(new String[] {String.valueOf(index), w});
        }
        index++;
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
      if (frame instanceof CloseWebSocketFrame) {
        c.sawCloseFrame = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, ""))
            .addListener(ChannelFutureListener.CLOSE);
      } else if (frame instanceof TextWebSocketFrame t) {
        command(ctx, JSON.readTree(t.text()));
      } else if (frame instanceof BinaryWebSocketFrame b && started && !over) {
        long total = c.addAudio(ByteBufUtil.getBytes(b.content()));
        if (script.dropAfterBytes >= 0 && total >= script.dropAfterBytes) {
          over = true;
          if (script.dropWithCloseFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1011, "recognizer crashed"))
                .addListener(ChannelFutureListener.CLOSE);
          } else {
            ctx.close();
          }
        } else if (script.failAfterBytes >= 0 && total >= script.failAfterBytes) {
          fail(ctx, script.failStatus, "Gateway:SERVER_ERROR:the recognizer stopped");
        } else {
          hear(ctx, (int) Math.min(words.size(), total / script.bytesPerWord));
        }
      }
    }

    private void command(ChannelHandlerContext ctx, JsonNode command) {
      c.commands.add(command);
      String name = command.path("header").path("name").asText();
      if (name.equals("StartTranscription")) {
        taskId = command.path("header").path("task_id").asText();
        if (script.failStartStatus != 0) {
          fail(ctx, script.failStartStatus, "Gateway:PARAM_ERROR:appkey not exist");
        } else if (!script.neverStart) {
          ctx.executor().schedule(() -> confirm(ctx), script.startDelayMs, TimeUnit.MILLISECONDS);
        }
      } else if (name.equals("StopTranscription") && !over && !script.ignoreStop) {
        hear(ctx, words.size());
        over = true;
        send(ctx, event("TranscriptionCompleted"));
      }
    }

    private void confirm(ChannelHandlerContext ctx) {
      started = true;
      ObjectNode m = event("TranscriptionStarted");
      m.putObject("payload").put("session_id", UUID.randomUUID().toString().replace("-", ""));
      send(ctx, m);
      if (script.garbageAfterStart) {
        ctx.writeAndFlush(new TextWebSocketFrame("{\"header\": {\"name\": \"Sentence"));
      }
    }

    /** Says what was heard of the script up to word {@code upTo}. */
    private void hear(ChannelHandlerContext ctx, int upTo) {
      for (; heard < upTo; heard++) {
        String sentence = words.get(heard)[0];
        int index = Integer.parseInt(sentence);
        boolean first = heard == 0 || !words.get(heard - 1)[0].equals(sentence);
        boolean last = heard + 1 == words.size() || !words.get(heard + 1)[0].equals(sentence);
        StringBuilder sofar = new StringBuilder();
        for (int i = heard; i >= 0 && words.get(i)[0].equals(sentence); i--) {
          sofar.insert(0, sofar.length() == 0 ? words.get(i)[1] : words.get(i)[1] + " ");
        }
        if (first) {
          ObjectNode m = event("SentenceBegin");
          m.putObject("payload").put("index", index).put("time", 0);
          send(ctx, m);
        }
        ObjectNode change = event("TranscriptionResultChanged");
        change.putObject("payload").put("index", index).put("result", sofar.toString());
        send(ctx, change);
        if (last) {
          ObjectNode end = event("SentenceEnd");
          end.putObject("payload")
              .put("index", index)
              .put("result", sofar.toString())
              .put("confidence", script.sentences.get(index - 1).confidence());
          send(ctx, end);
        }
      }
    }

    private void fail(ChannelHandlerContext ctx, int status, String text) {
      over = true;
      ObjectNode m = event("TaskFailed");
      ((ObjectNode) m.get("header")).put("status", status).put("status_text", text);
      send(ctx, m);
    }

    private ObjectNode event(String name) {
      ObjectNode m = JSON.createObjectNode();
      m.putObject("header")
          .put("namespace", "SpeechTranscriber")
          .put("name", name)
          .put("status", 20000000)
          .put("status_text", "Gateway:SUCCESS:Success.")
          .put("message_id", UUID.randomUUID().toString().replace("-", ""))
          .put("task_id", taskId);
      return m;
    }

    private void send(ChannelHandlerContext ctx, ObjectNode message) {
      String text = message.toString();
      c.replies.add(text);
      ctx.writeAndFlush(new TextWebSocketFrame(text));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a client that hung up or refused the certificate
    }
  }
}
