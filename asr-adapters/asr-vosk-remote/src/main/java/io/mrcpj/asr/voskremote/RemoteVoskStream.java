package io.mrcpj.asr.voskremote;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.asr.voskremote.VoskProtocol.MalformedReplyException;
import io.mrcpj.asr.voskremote.VoskProtocol.Partial;
import io.mrcpj.asr.voskremote.VoskProtocol.Reply;
import io.mrcpj.asr.voskremote.VoskProtocol.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recognition over one WebSocket connection to a vosk-server. The callers' methods only copy
 * the audio and hand work to the stream's event loop; everything else (the connection, the audio
 * not yet sent, the timers, the segments heard so far) lives on that loop and needs no lock.
 *
 * <p>Audio that arrives while the connection is being made waits, in order, and goes out once the
 * handshake is done; audio is sent in messages of {@value #CHUNK_MS} ms. Audio fed but not yet
 * written to the socket is bounded by {@code max-queued-seconds}: beyond it the stream fails.
 *
 * <p>The server answers every audio message and the end of input with exactly one message, so the
 * answer numbered one more than the audio messages sent is the final result; results before it are
 * segments (Vosk heard a pause) and are put in front of the final one.
 */
final class RemoteVoskStream implements RecognitionStream {

  /** Audio per WebSocket message: vosk-server decodes each message and answers it. */
  static final int CHUNK_MS = 100;

  /**
   * How long a closing stream waits for the server to answer its Close frame and end the TCP
   * connection before ending it itself (RFC 6455 §7.1.1: the server closes first; a client that
   * closed at once could have its Close frame lost to a reset while the server is still sending).
   */
  private static final int CLOSE_WAIT_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(RemoteVoskStream.class);

  private enum State {
    CONNECTING,
    OPEN,
    WAITING_FOR_FINAL,
    DONE
  }

  private final RemoteVoskEngine engine;
  private final RemoteVoskSettings settings;
  private final StreamRequest request;
  private final RecognitionListener listener;
  private final EventLoop loop;
  private final int chunkBytes;

  // Written by the callers' threads.
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean inputEnded = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();

  // Confined to the loop.
  private State state = State.CONNECTING;
  private Channel channel;
  private boolean upgraded;
  private boolean closeReceived;
  private boolean eofRequested;
  private final ByteBuf pending = Unpooled.buffer();
  private long audioMessages;
  private long replies;
  private ScheduledFuture<?> deadline;
  private final Transcript transcript = new Transcript();

  RemoteVoskStream(RemoteVoskEngine engine, StreamRequest request, RecognitionListener listener)
      throws EngineException {
    this.engine = engine;
    this.settings = engine.settings();
    this.request = request;
    this.listener = listener;
    this.loop = engine.nextLoop();
    this.chunkBytes = 2 * settings.sampleRate() * CHUNK_MS / 1000;
    engine.openStreams().incrementAndGet();
    try {
      loop.execute(this::connect);
    } catch (RejectedExecutionException e) {
      engine.openStreams().decrementAndGet();
      pending.release();
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "the vosk-remote engine is closed", e);
    }
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    if (length <= 0 || closed.get() || inputEnded.get()) {
      return;
    }
    if (queuedBytes.addAndGet(2L * length) > settings.maxQueuedBytes()) {
      if (inputEnded.compareAndSet(false, true)) {
        run(
            () ->
                fail(
                    "more than "
                        + settings.maxQueuedSeconds()
                        + " s of audio waiting to be sent to "
                        + server()
                        + " (max-queued-seconds)",
                    null));
      }
      return;
    }
    byte[] bytes = new byte[2 * length];
    for (int i = 0; i < length; i++) {
      short s = pcm[offset + i];
      bytes[2 * i] = (byte) s;
      bytes[2 * i + 1] = (byte) (s >> 8);
    }
    run(() -> onAudio(bytes));
  }

  @Override
  public void endOfInput() {
    if (!closed.get() && inputEnded.compareAndSet(false, true)) {
      run(this::onEndOfInput);
    }
  }

  /** Closes the WebSocket and frees the stream; no callback starts after this returns. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      run(this::abandon);
    }
  }

  private void run(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The engine is closed: its loops are gone and took the connection with them.
    }
  }

  // ---- on the loop ----

  private void connect() {
    if (closed.get()) {
      return; // abandon() runs next
    }
    deadline =
        loop.schedule(this::connectTimedOut, settings.connectTimeoutMs(), TimeUnit.MILLISECONDS);
    ChannelFuture connecting = engine.connect(loop, new Handler());
    channel = connecting.channel();
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            fail("cannot connect to " + server() + ": " + describe(f.cause()), f.cause());
          }
        });
  }

  /** Names the server in messages. */
  private String server() {
    return "the vosk-server at " + settings.url();
  }

  private void connectTimedOut() {
    if (state == State.CONNECTING) {
      fail(
          "no WebSocket connection to "
              + server()
              + " within "
              + settings.connectTimeoutMs()
              + " ms (connect-timeout-ms)",
          null);
    }
  }

  private void opened() {
    if (state != State.CONNECTING) {
      return;
    }
    cancelDeadline();
    upgraded = true;
    state = State.OPEN;
    int alternatives =
        request.nBest() > 1 ? Math.min(request.nBest(), settings.maxAlternatives()) : 0;
    channel.write(
        new TextWebSocketFrame(
            VoskProtocol.config(settings.sampleRate(), alternatives, request.phrases())));
    if (eofRequested) {
      sendEndOfInput();
    } else {
      sendAudio(false);
      channel.flush();
    }
  }

  private void onAudio(byte[] bytes) {
    if (state == State.DONE) {
      queuedBytes.addAndGet(-bytes.length);
      return;
    }
    pending.writeBytes(bytes);
    if (state == State.OPEN && sendAudio(false)) {
      channel.flush();
    }
  }

  /** Writes whole chunks of the waiting audio (all of it with {@code all}); true if it wrote. */
  private boolean sendAudio(boolean all) {
    boolean wrote = false;
    int waiting;
    while ((waiting = pending.readableBytes()) >= chunkBytes || (all && waiting > 0)) {
      int size = Math.min(waiting, chunkBytes);
      ByteBuf chunk = channel.alloc().buffer(size);
      chunk.writeBytes(pending, size);
      audioMessages++;
      channel.write(new BinaryWebSocketFrame(chunk)).addListener(f -> queuedBytes.addAndGet(-size));
      wrote = true;
    }
    pending.discardSomeReadBytes();
    return wrote;
  }

  private void onEndOfInput() {
    if (state == State.DONE) {
      return;
    }
    eofRequested = true;
    if (state == State.OPEN) {
      sendEndOfInput();
    }
  }

  private void sendEndOfInput() {
    sendAudio(true);
    channel.writeAndFlush(new TextWebSocketFrame(VoskProtocol.EOF));
    state = State.WAITING_FOR_FINAL;
    deadline = loop.schedule(this::finalTimedOut, settings.finalTimeoutMs(), TimeUnit.MILLISECONDS);
  }

  private void finalTimedOut() {
    if (state == State.WAITING_FOR_FINAL) {
      fail(
          "no final result from "
              + server()
              + " within "
              + settings.finalTimeoutMs()
              + " ms of the end of input (final-timeout-ms)",
          null);
    }
  }

  private void onReply(String text) {
    if (state == State.DONE) {
      return;
    }
    replies++;
    Reply reply;
    try {
      reply = VoskProtocol.parse(text, request.nBest());
    } catch (MalformedReplyException e) {
      fail(server() + " sent " + e.getMessage(), e);
      return;
    }
    boolean last = state == State.WAITING_FOR_FINAL && replies > audioMessages;
    if (last) {
      // The answer to the end of input is always a result; anything else counts as no words.
      finish(transcript.complete(reply instanceof Result r ? r.nBest() : List.of()));
    } else if (reply instanceof Result r) {
      transcript.segment(r.nBest());
    } else if (reply instanceof Partial p) {
      Hypothesis partial = transcript.partial(p.text());
      if (partial != null && !closed.get()) {
        listener.onPartial(partial);
      }
    }
  }

  private void finish(List<Hypothesis> nBest) {
    end();
    if (!closed.get()) {
      listener.onFinal(nBest);
    }
  }

  private void fail(String message, Throwable cause) {
    if (state == State.DONE) {
      return;
    }
    end();
    if (engine.isClosed()) {
      // Its loops stopping ended the connection; say so rather than blame the server.
      message = "the vosk-remote engine was closed before the final result";
    }
    if (!closed.get()) {
      log.warn("vosk-remote stream failed: {}", message);
      listener.onError(new EngineException(EngineException.Kind.ENGINE_FAILURE, message, cause));
    }
  }

  private void serverClosed(String how) {
    fail(server() + " " + how + " before the final result", null);
  }

  /** close(): ends the stream without a word to the listener. */
  private void abandon() {
    if (state != State.DONE) {
      end();
    }
  }

  /** Stops the timers, closes the WebSocket (politely once it is open), frees the audio. */
  private void end() {
    state = State.DONE;
    cancelDeadline();
    if (channel != null) {
      if (!upgraded || !channel.isActive()) {
        channel.close();
      } else if (closeReceived) {
        // The server began the closing handshake: answer it and hang up.
        channel
            .writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        Channel ch = channel;
        loop.schedule(() -> ch.close(), CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      }
    }
    pending.release();
    engine.openStreams().decrementAndGet();
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private static String describe(Throwable t) {
    while ((t instanceof DecoderException || t.getMessage() == null) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** The stream's end of the pipeline: handshake events, server messages, the connection's end. */
  private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        opened();
      } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        connectTimedOut();
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        onReply(text.text());
      } else if (frame instanceof CloseWebSocketFrame close) {
        closeReceived = true;
        if (state == State.DONE) {
          ctx.close(); // the answer to our Close frame
        } else {
          serverClosed(
              "closed the WebSocket (" + close.statusCode() + " " + close.reasonText() + ")");
        }
      }
      // Binary messages are not part of the protocol's answers; pongs are dropped earlier.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      serverClosed("closed the connection");
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail("the connection to " + server() + " failed: " + describe(cause), cause);
    }
  }
}
