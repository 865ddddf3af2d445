package io.mrcpj.asr.aws;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transcribestreaming.TranscribeStreamingAsyncClient;
import software.amazon.awssdk.services.transcribestreaming.TranscribeStreamingAsyncClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Recognition by Amazon Transcribe's streaming API ({@code StartStreamTranscription}: HTTP/2, the
 * audio and the results as {@code application/vnd.amazon.eventstream} messages) through the AWS SDK
 * for Java v2, one HTTP/2 stream per recognition.
 *
 * <p>Credentials are resolved once when the engine is loaded, so a server without any fails its
 * start with a message saying where credentials are looked for; the SDK refreshes them (temporary
 * ones included) afterwards.
 *
 * <p>Threads, all owned here and stopped by {@link #close()}: the SDK's netty event loops ({@code
 * io-threads}) and its response threads, which the client owns; {@code aws-transcribe-worker-*} (2,
 * queue {@value #WORK_QUEUE}), which starts each call (signing, credentials) and hands the audio to
 * the SDK, so neither runs on the caller's thread; {@code aws-transcribe-timer} (1) for the
 * final-result deadlines.
 *
 * <p>Grammars: Transcribe streaming takes no phrase list with a request, only the name of a custom
 * vocabulary created beforehand ({@code vocabulary-name}); a recognition's phrases are not sent.
 */
public final class AwsTranscribeEngine implements RecognitionEngine {

  static final String NAME = "aws-transcribe";
  private static final Logger log = LoggerFactory.getLogger(AwsTranscribeEngine.class);

  /** Work waiting for the workers: at most one audio task per stream plus the calls starting. */
  static final int WORK_QUEUE = 10_000;

  private final AwsTranscribeSettings settings;
  private final AwsCredentialsProvider credentials;
  private final TranscribeStreamingAsyncClient client;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  AwsTranscribeEngine(AwsTranscribeSettings settings) throws EngineException {
    this.settings = settings;
    this.credentials = credentialsProvider(settings);
    checkCredentials();
    TranscribeStreamingAsyncClientBuilder builder =
        TranscribeStreamingAsyncClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            // The audio is read once: a call that failed cannot be sent again.
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .protocol(Protocol.HTTP2)
                    .connectionTimeout(Duration.ofMillis(settings.connectTimeoutMs()))
                    // A stream can be quiet for long (silence, a slow caller): its end is
                    // watched by final-timeout-ms and the recognizer's timers, and a dead
                    // connection by HTTP/2 PINGs, not by a read timeout.
                    .readTimeout(Duration.ZERO)
                    .eventLoopGroupBuilder(
                        SdkEventLoopGroup.builder().numberOfThreads(settings.ioThreads())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    try {
      this.client = builder.build();
    } catch (SdkException | IllegalArgumentException e) {
      closeQuietly(credentials);
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "aws-transcribe cannot make its client: " + e.getMessage(),
          e);
    }
    this.workers =
        new ThreadPoolExecutor(
            2,
            2,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WORK_QUEUE),
            threads("aws-transcribe-worker-"));
    this.timer = new ScheduledThreadPoolExecutor(1, threads("aws-transcribe-timer"));
    timer.setRemoveOnCancelPolicy(true);
    log.info(
        "aws-transcribe engine: {} ({} Hz, default language {})",
        describeEndpoint(),
        AwsTranscribeSettings.SAMPLE_RATE,
        settings.language());
  }

  private static AwsCredentialsProvider credentialsProvider(AwsTranscribeSettings settings) {
    return settings.profile() != null
        ? ProfileCredentialsProvider.builder().profileName(settings.profile()).build()
        : DefaultCredentialsProvider.builder().build();
  }

  /** Fails the load, saying where credentials were looked for, when none can be had. */
  private void checkCredentials() throws EngineException {
    try {
      credentials.resolveCredentials();
    } catch (RuntimeException e) {
      closeQuietly(credentials);
      String where =
          settings.profile() != null
              ? "profile '"
                  + settings.profile()
                  + "' of the shared credentials file (~/.aws/credentials, or"
                  + " AWS_SHARED_CREDENTIALS_FILE)"
              : "the default chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the [default]"
                  + " profile of ~/.aws/credentials (or AWS_PROFILE), a container or instance role";
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "aws-transcribe has no AWS credentials from "
              + where
              + "; set them or engine.settings.aws-transcribe.profile ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every language code the SDK lists for streaming. */
  @Override
  public Set<String> languages() {
    return Languages.CODES;
  }

  @Override
  public int sampleRate() {
    return AwsTranscribeSettings.SAMPLE_RATE;
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    String language = Languages.resolve(request.language(), settings.language());
    if (language == null) {
      throw new EngineException(
          EngineException.Kind.LANGUAGE_UNSUPPORTED,
          "Amazon Transcribe streaming has no language " + request.language());
    }
    if (closed.get()) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, "the aws-transcribe engine is closed");
    }
    return new AwsTranscribeStream(this, request, language, listener);
  }

  /** Pieces of work waiting for the workers (call starts and audio hand-offs). */
  @Override
  public int queuedWork() {
    return workers.getQueue().size();
  }

  AwsTranscribeSettings settings() {
    return settings;
  }

  TranscribeStreamingAsyncClient client() {
    return client;
  }

  ThreadPoolExecutor workers() {
    return workers;
  }

  ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    return timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
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

  /** Where the streams go, for messages. */
  String describeEndpoint() {
    return settings.endpoint() != null
        ? settings.endpoint().toString()
        : "Amazon Transcribe in " + settings.region();
  }

  /**
   * Ends every stream still running (they report an error unless closed first), then stops the
   * client's event loops and this engine's threads.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    workers.shutdown();
    timer.shutdownNow();
    client.close();
    closeQuietly(credentials);
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AwsCredentialsProvider provider) {
    if (provider instanceof SdkAutoCloseable c) {
      try {
        c.close();
      } catch (RuntimeException e) {
        log.debug("closing the credentials provider failed", e);
      }
    }
  }
}
