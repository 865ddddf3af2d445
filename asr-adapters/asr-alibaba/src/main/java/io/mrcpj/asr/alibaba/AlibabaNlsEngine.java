package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognition by Alibaba Cloud Intelligent Speech Interaction's real-time speech recognition (NLS,
 * {@code SpeechTranscriber}) through the vendor's Java SDK: one WebSocket connection and one
 * transcription task per recognition, PCM at {@code sample-rate}, intermediate results as partials
 * and the sentences joined as the final result (one hypothesis: the service has no N-best).
 *
 * <p>The language is the app key's: the service takes none per request, the project the app key
 * belongs to decides the model. A recognition in another primary language is refused. Grammars: the
 * service takes no phrase list with a request, only the id of a hot-word vocabulary made beforehand
 * ({@code vocabulary-id}) or of a custom model ({@code customization-id}); a recognition's phrases
 * are not sent.
 *
 * <p>Credentials are found at load ({@link Credentials}); an AccessKey pair makes the first token
 * then. The SDK's static settings ({@code NlsClient.connectTimeout}, {@code connectMaxTryTimes},
 * the {@code nls.ws.*} system properties) are never written, and have no effect: the connections
 * are this engine's ({@link NlsGateway}), so two engines in one JVM cannot change each other's.
 *
 * <p>Threads, all owned here and stopped by {@link #close()}: {@code alibaba-nls-io-*} ({@code
 * io-threads}), the connections' event loops, where the SDK's listener runs and results reach the
 * channel's listener; {@code alibaba-nls-worker-*} ({@code threads}, queue {@value #WORK_QUEUE}),
 * which run the SDK's blocking calls of each stream in order; {@code alibaba-nls-token} (1, with an
 * AccessKey only), which renews the token.
 */
public final class AlibabaNlsEngine implements RecognitionEngine {

  static final String NAME = "alibaba-nls";

  /** Work waiting for the workers: at most one drain per stream. */
  static final int WORK_QUEUE = 10_000;

  private static final Logger log = LoggerFactory.getLogger(AlibabaNlsEngine.class);

  private final AlibabaNlsSettings settings;
  private final String appKey;
  private final TokenSource tokens;
  private final EventLoopGroup group;
  private final NlsGateway gateway;
  private final ThreadPoolExecutor workers;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param env where credentials not in the settings are looked for (the process environment)
   */
  AlibabaNlsEngine(AlibabaNlsSettings settings, Map<String, String> env, Clock clock)
      throws EngineException {
    this.settings = settings;
    this.appKey = Credentials.appKey(settings, env);
    this.tokens = Credentials.tokens(settings, env, clock);
    this.group =
        new NioEventLoopGroup(
            settings.ioThreads(), new DefaultThreadFactory("alibaba-nls-io", true));
    try {
      this.gateway = new NlsGateway(settings, group);
    } catch (EngineException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      tokens.close();
      throw e;
    }
    this.workers =
        new ThreadPoolExecutor(
            settings.threads(),
            settings.threads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WORK_QUEUE),
            new DefaultThreadFactory("alibaba-nls-worker", true));
    workers.allowCoreThreadTimeOut(true); // most of them wait only at peaks
    log.info(
        "alibaba-nls engine: {} ({} Hz, {}), token from {}",
        settings.url(),
        settings.sampleRate(),
        settings.language(),
        tokens.describe());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The language of the app key's model. */
  @Override
  public Set<String> languages() {
    return Set.of(settings.language());
  }

  @Override
  public int sampleRate() {
    return settings.sampleRate();
  }

  /**
   * Opens a stream; nothing blocks here: the connection is made on a worker.
   *
   * @throws EngineException for another language, a bad vendor parameter, or a closed or overloaded
   *     engine
   */
  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    StreamOptions options = StreamOptions.of(request, settings);
    if (closed.get()) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "the alibaba-nls engine is closed");
    }
    if (!request.phrases().isEmpty()) {
      log.debug(
          "alibaba-nls: {} grammar phrases not sent (the API takes a vocabulary id only)",
          request.phrases().size());
    }
    return new AlibabaNlsStream(this, options, listener);
  }

  /** Pieces of work waiting for the workers (stream drains). */
  @Override
  public int queuedWork() {
    return workers.getQueue().size();
  }

  AlibabaNlsSettings settings() {
    return settings;
  }

  String appKey() {
    return appKey;
  }

  TokenSource tokens() {
    return tokens;
  }

  NlsGateway gateway() {
    return gateway;
  }

  Executor workers() {
    return workers;
  }

  /** Where quick hand-offs run (a failure found on a caller's thread): an event loop. */
  Executor timer() {
    return group.next();
  }

  AtomicInteger openStreams() {
    return openStreams;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Streams opened and not yet ended; for tests and metrics. */
  public int activeStreams() {
    return openStreams.get();
  }

  /**
   * Closes every connection (streams still open report an error unless closed first) and stops the
   * event loops, the workers (after the SDK calls the closed connections end) and token renewal,
   * waiting up to about ten seconds in all.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    tokens.close();
  }
}
