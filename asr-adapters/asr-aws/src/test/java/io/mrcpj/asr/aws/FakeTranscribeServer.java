package io.mrcpj.asr.aws;

import io.mrcpj.asr.aws.EventStream.Message;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Amazon Transcribe's streaming endpoint on loopback: HTTP/2 without TLS (prior
 * knowledge), {@code POST /stream-transcription}, the audio as signed event-stream messages in the
 * request body and the results as event-stream messages in the response body. It checks what it
 * receives (framing, checksums, event types, the audio) and writes what is wrong to {@link
 * #problems()}; what it answers is up to the test's {@link Script}. Signatures are not checked.
 */
final class FakeTranscribeServer implements AutoCloseable {

  /** What the server does at each step of a call; runs on the call's event loop. */
  interface Script {
    /** Called with the request's headers; answer 200 unless the script answers otherwise. */
    default boolean onRequest(Call call) {
      return true;
    }

    /** One AudioEvent arrived (index from 1). */
    default void onAudio(Call call, int index) {}

    /** The client ended its input (the empty signed event, or the end of the request body). */
    default void onEndOfInput(Call call) {}
  }

  /** One StartStreamTranscription call as the server saw it. */
  static final class Call {
    private final Channel channel;
    final Map<String, String> headers = new TreeMap<>();
    final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    final CompletableFuture<Void> endOfInput = new CompletableFuture<>();

    /** Completes when the stream ends: true if the client reset or abandoned it. */
    final CompletableFuture<Boolean> closed = new CompletableFuture<>();

    private final EventStream.Decoder decoder = new EventStream.Decoder();
    private boolean answered;
    private boolean ended;
    private int audioEvents;

    Call(Channel channel) {
      this.channel = channel;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    synchronized byte[] audio() {
      return audio.toByteArray();
    }

    int audioEvents() {
      return audioEvents;
    }

    /** Sends a TranscriptEvent with this JSON body. */
    void transcript(String json) {
      send(
          EventStream.event(
              "TranscriptEvent", "application/json", json.getBytes(StandardCharsets.UTF_8)),
          false);
    }

    /** Sends an exception event and ends the response. */
    void exception(String type, String message) {
      send(EventStream.exception(type, message), true);
    }

    /** Ends the response (the service's end of the result stream). */
    void end() {
      send(new byte[0], true);
    }

    /** Answers the request itself with an HTTP error, as the service does before streaming. */
    void httpError(int status, String errorType, String message) {
      channel
          .eventLoop()
          .execute(
              () -> {
                answered = true;
                ended = true;
                Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(status));
                h.set("content-type", "application/x-amz-json-1.1");
                h.set("x-amzn-requestid", "fake-request-error");
                h.set("x-amzn-errortype", errorType + ":http://internal.amazon.com/coral/fake/");
                channel.write(new DefaultHttp2HeadersFrame(h));
                String json = "{\"Message\":\"" + message + "\"}";
                channel.writeAndFlush(
                    new DefaultHttp2DataFrame(
                        Unpooled.copiedBuffer(json, StandardCharsets.UTF_8), true));
              });
    }

    private void send(byte[] bytes, boolean last) {
      channel
          .eventLoop()
          .execute(
              () -> {
                if (ended || !channel.isActive()) {
                  return;
                }
                ended = last;
                channel.writeAndFlush(
                    new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes), last));
              });
    }
  }

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel server;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private volatile Script script = new Script() {};

  FakeTranscribeServer() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forServer()
                                .initialSettings(
                                    Http2Settings.defaultSettings().initialWindowSize(1 << 20))
                                .build())
                        .addLast(
                            new Http2MultiplexHandler(
                                new ChannelInitializer<Http2StreamChannel>() {
                                  @Override
                                  protected void initChannel(Http2StreamChannel sc) {
                                    sc.pipeline().addLast(new StreamHandler());
                                  }
                                }));
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
  }

  /** {@code http://127.0.0.1:port}. */
  String endpoint() {
    InetSocketAddress a = (InetSocketAddress) server.localAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  void script(Script s) {
    this.script = s;
  }

  /** The next call to arrive, or null after the timeout. */
  Call nextCall(long seconds) throws InterruptedException {
    return calls.poll(seconds, TimeUnit.SECONDS);
  }

  /** Everything the server found wrong in what it received. */
  List<String> problems() {
    return problems;
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private final class StreamHandler extends SimpleChannelInboundHandler<Http2StreamFrame> {

    private Call call;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
      if (frame instanceof Http2HeadersFrame h) {
        call = new Call(ctx.channel());
        h.headers().forEach(e -> call.headers.put(e.getKey().toString(), e.getValue().toString()));
        calls.add(call);
        if (script.onRequest(call) && !call.answered) {
          call.answered = true;
          Http2Headers out = new DefaultHttp2Headers().status("200");
          out.set("content-type", "application/vnd.amazon.eventstream");
          out.set("x-amzn-request-id", "fake-request-1");
          String lang = call.header("x-amzn-transcribe-language-code");
          if (lang != null) {
            out.set("x-amzn-transcribe-language-code", lang);
          }
          ctx.writeAndFlush(new DefaultHttp2HeadersFrame(out));
        }
        if (h.isEndStream()) {
          endOfInput();
        }
      } else if (frame instanceof Http2DataFrame d) {
        byte[] bytes = ByteBufUtil.getBytes(d.content());
        try {
          for (Message m : call.decoder.feed(bytes)) {
            onMessage(m);
          }
        } catch (RuntimeException e) {
          problems.add("undecodable request body: " + e.getMessage());
        }
        if (d.isEndStream()) {
          if (call.decoder.pending() != 0) {
            problems.add(call.decoder.pending() + " bytes of a partial message at the end");
          }
          endOfInput();
        }
      }
    }

    /** A message of the request body: a signed envelope whose payload is the event. */
    private void onMessage(Message outer) {
      Message event = outer;
      if (outer.headers().containsKey(":chunk-signature")) {
        if (!(outer.headers().get(":date") instanceof Long)) {
          problems.add("signed message without a :date timestamp: " + outer.headers().keySet());
        }
        if (outer.payload().length == 0) {
          endOfInput(); // the empty signed message ends the input
          return;
        }
        List<Message> inner = new EventStream.Decoder().feed(outer.payload());
        if (inner.size() != 1) {
          problems.add("a signed message carries " + inner.size() + " events");
          return;
        }
        event = inner.get(0);
      }
      if (!"event".equals(event.string(":message-type"))
          || !"AudioEvent".equals(event.string(":event-type"))
          || !"application/octet-stream".equals(event.string(":content-type"))) {
        problems.add("not an AudioEvent: " + event.headers());
        return;
      }
      if (call.endOfInput.isDone()) {
        problems.add("audio after the end of input");
      }
      synchronized (call) {
        call.audio.writeBytes(event.payload());
      }
      call.audioEvents++;
      script.onAudio(call, call.audioEvents);
    }

    private void endOfInput() {
      if (call != null && !call.endOfInput.isDone()) {
        call.endOfInput.complete(null);
        script.onEndOfInput(call);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof Http2ResetFrame && call != null) {
        call.closed.complete(true);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (call != null) {
        call.closed.complete(!call.ended);
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      problems.add("stream failed: " + cause);
      ctx.close();
    }
  }
}
