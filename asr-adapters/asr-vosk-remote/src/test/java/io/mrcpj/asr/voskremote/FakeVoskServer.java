package io.mrcpj.asr.voskremote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * A stand-in vosk-server on loopback (port 0): netty's WebSocket server codec speaking the
 * documented vosk-server messages, with the real Vosk recognizer and the bundled model behind it.
 * Like vosk-server it takes {@code sample_rate}, {@code max_alternatives}, {@code words} and {@code
 * phrase_list} from a config message (default rate 8000), answers every audio message with a
 * partial or a result, answers {@code {"eof" : 1}} with the final result and then closes. Its
 * {@link Options} make it misbehave; each connection records what it received.
 */
public final class FakeVoskServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ways to misbehave; the defaults behave. */
  public static final class Options {
    public long handshakeDelayMs;
    public int closeAfterAudioMessages = -1;

    /** With closeAfterAudioMessages: end with a Close frame of this status instead of just TCP. */
    public WebSocketCloseStatus closeWith;

    public boolean ignoreEof;
    public boolean malformedReplies;
    public SslContext tls;
  }

  /** What one client connection sent and saw. */
  public static final class Connection {
    public final List<JsonNode> configs = new CopyOnWriteArrayList<>();
    public final List<String> replies = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    public volatile int audioMessages;
    public volatile boolean sawEof;
    public volatile boolean sawCloseFrame;
    public volatile long handshakeNanos;
    public final CompletableFuture<Void> closed = new CompletableFuture<>();

    public synchronized byte[] audio() {
      return audio.toByteArray();
    }

    private synchronized void addAudio(byte[] bytes) {
      audio.writeBytes(bytes);
      audioMessages++;
    }
  }

  private final Model model;
  private final Options options;
  private final EventLoopGroup group = new NioEventLoopGroup(2);
  private final Channel server;
  public final List<Connection> connections = new CopyOnWriteArrayList<>();

  public FakeVoskServer(Model model, Options options) throws InterruptedException {
    this.model = model;
    this.options = options;
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
                    if (options.tls != null) {
                      ch.pipeline().addLast(options.tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(16 * 1024))
                        .addLast(new HandshakeDelay())
                        .addLast(
                            new WebSocketServerProtocolHandler(
                                WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath("/")
                                    .checkStartsWith(true)
                                    .handleCloseFrames(false)
                                    .sendCloseFrame(null)
                                    .maxFramePayloadLength(1 << 20)
                                    .build()))
                        .addLast(new Session(c));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  public String url() {
    return (options.tls != null ? "wss" : "ws") + "://127.0.0.1:" + port();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Holds the upgrade request back, so the client's handshake takes that long. */
  private final class HandshakeDelay extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest && options.handshakeDelayMs > 0) {
        ctx.executor()
            .schedule(
                () -> ctx.fireChannelRead(msg), options.handshakeDelayMs, TimeUnit.MILLISECONDS);
      } else {
        ctx.fireChannelRead(msg);
      }
    }
  }

  /** One recognition, as vosk-server runs it (here on the connection's event loop). */
  private final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Connection c;
    private Recognizer recognizer;
    private float sampleRate = 8000;
    private int maxAlternatives;
    private boolean words;
    private String grammar;

    Session(Connection c) {
      this.c = c;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        c.handshakeNanos = System.nanoTime();
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
      if (frame instanceof CloseWebSocketFrame) {
        c.sawCloseFrame = true;
        ctx.close();
      } else if (frame instanceof TextWebSocketFrame t && t.text().contains("config")) {
        JsonNode config = JSON.readTree(t.text()).path("config");
        c.configs.add(config);
        sampleRate = (float) config.path("sample_rate").asDouble(sampleRate);
        maxAlternatives = config.path("max_alternatives").asInt(maxAlternatives);
        words = config.path("words").asBoolean(words);
        grammar = config.has("phrase_list") ? config.get("phrase_list").toString() : null;
      } else if (frame instanceof TextWebSocketFrame t && t.text().equals("{\"eof\" : 1}")) {
        c.sawEof = true;
        if (!options.ignoreEof) {
          String reply = recognizer().getFinalResult();
          c.replies.add(reply);
          ctx.writeAndFlush(new TextWebSocketFrame(reply));
          ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
              .addListener(ChannelFutureListener.CLOSE);
        }
      } else if (frame instanceof BinaryWebSocketFrame b) {
        byte[] bytes = ByteBufUtil.getBytes(b.content());
        c.addAudio(bytes);
        if (c.audioMessages == options.closeAfterAudioMessages) {
          if (options.closeWith != null) {
            ctx.writeAndFlush(new CloseWebSocketFrame(options.closeWith))
                .addListener(ChannelFutureListener.CLOSE);
          } else {
            ctx.close();
          }
          return;
        }
        String reply;
        if (options.malformedReplies) {
          reply = "{\"partial\" : \"four";
        } else if (recognizer().acceptWaveForm(bytes, bytes.length)) {
          reply = recognizer().getResult();
        } else {
          reply = recognizer().getPartialResult();
        }
        c.replies.add(reply);
        ctx.writeAndFlush(new TextWebSocketFrame(reply));
      }
    }

    private Recognizer recognizer() throws IOException {
      if (recognizer == null) {
        recognizer =
            grammar == null
                ? new Recognizer(model, sampleRate)
                : new Recognizer(model, sampleRate, grammar);
        recognizer.setWords(words);
        recognizer.setMaxAlternatives(maxAlternatives);
      }
      return recognizer;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a client that hung up or refused the certificate
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (recognizer != null) {
        recognizer.close();
        recognizer = null;
      }
      super.channelInactive(ctx);
    }
  }
}
