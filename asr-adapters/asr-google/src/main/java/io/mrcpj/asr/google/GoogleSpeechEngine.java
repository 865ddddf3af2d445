package io.mrcpj.asr.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.FixedExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.BidiStreamingCallable;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.speech.v1.SpeechClient;
import com.google.cloud.speech.v1.SpeechSettings;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognition by Google Cloud Speech-to-Text (API v1) through Google's Java client: one
 * bidirectional {@code StreamingRecognize} gRPC call per stream, all on one {@link SpeechClient}
 * (one gRPC channel) made when the engine is loaded. Audio goes as LINEAR16 at 16 kHz.
 *
 * <p>Threads: the engine owns a small scheduled pool ({@code google-speech-*}, {@code threads}),
 * which is the client's background executor (gRPC's callbacks only queue work onto it), runs each
 * stream's work in order through a {@link SerialExecutor}, and holds the final-result timers.
 * gRPC's own netty transport threads do the socket I/O. Nothing here blocks the callers: {@code
 * open}, {@code feed}, {@code endOfInput} and {@code close} only queue work.
 *
 * <p>Credentials are read when the engine is loaded: {@code credentials-file} (a service-account
 * key), else Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS} and the other
 * places Google's auth library looks), else, with {@code plaintext} only, none at all.
 */
public final class GoogleSpeechEngine implements RecognitionEngine {

  static final String NAME = "google";
  private static final Logger log = LoggerFactory.getLogger(GoogleSpeechEngine.class);

  private final GoogleSettings settings;
  private final ScheduledThreadPoolExecutor pool;
  private final SpeechClient client;
  private final Set<GoogleSpeechStream> openStreams = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  GoogleSpeechEngine(GoogleSettings settings) throws EngineException {
    this.settings = settings;
    CredentialsProvider credentials = credentials(settings);
    this.pool = new ScheduledThreadPoolExecutor(settings.threads(), threads());
    pool.setRemoveOnCancelPolicy(true);
    InstantiatingGrpcChannelProvider.Builder transport =
        SpeechSettings.defaultGrpcTransportProviderBuilder();
    if (settings.plaintext()) {
      transport.setChannelConfigurator(b -> b.usePlaintext());
    }
    try {
      SpeechSettings speech =
          SpeechSettings.newBuilder()
              .setEndpoint(settings.endpoint())
              .setCredentialsProvider(credentials)
              .setTransportChannelProvider(transport.build())
              .setBackgroundExecutorProvider(FixedExecutorProvider.create(pool))
              .build();
      this.client = SpeechClient.create(speech);
    } catch (IOException | RuntimeException e) {
      pool.shutdownNow();
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "google: cannot set up the Speech-to-Text client for " + settings.endpoint() + ": " + e,
          e);
    }
    log.info(
        "google engine for {}{} ({} Hz)",
        settings.endpoint(),
        settings.plaintext() ? " (plaintext)" : "",
        GoogleSettings.SAMPLE_RATE);
  }

  /** The credentials the settings name; read now, so a bad file fails the engine's load. */
  static CredentialsProvider credentials(GoogleSettings settings) throws EngineException {
    Path file = settings.credentialsFile();
    if (file != null) {
      return FixedCredentialsProvider.create(serviceAccount(file));
    }
    if (settings.plaintext()) {
      // A local emulator or test server: a token would go out unencrypted, so none is sent.
      return NoCredentialsProvider.create();
    }
    try {
      return FixedCredentialsProvider.create(
          GoogleCredentials.getApplicationDefault()
              .createScoped(SpeechSettings.getDefaultServiceScopes()));
    } catch (IOException | RuntimeException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "google: no credentials: set engine.settings.google."
              + GoogleSettings.CREDENTIALS_FILE
              + " to a service-account key (JSON), or the environment variable"
              + " GOOGLE_APPLICATION_CREDENTIALS ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static GoogleCredentials serviceAccount(Path file) throws EngineException {
    String setting = "google setting " + GoogleSettings.CREDENTIALS_FILE + ": ";
    try (InputStream in = Files.newInputStream(file)) {
      return ServiceAccountCredentials.fromStream(in)
          .createScoped(SpeechSettings.getDefaultServiceScopes());
    } catch (NoSuchFileException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE, setting + "no such file " + file, e);
    } catch (AccessDeniedException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          setting + "cannot read " + file + " (access denied)",
          e);
    } catch (IOException | RuntimeException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          setting + file + " is not a usable service-account key (JSON): " + e.getMessage(),
          e);
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "google-speech-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Any: the service knows many languages and answers INVALID_ARGUMENT for one it does not. */
  @Override
  public Set<String> languages() {
    return Set.of("*");
  }

  @Override
  public int sampleRate() {
    return GoogleSettings.SAMPLE_RATE;
  }

  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    if (closed.get()) {
      throw new EngineException(EngineException.Kind.ENGINE_FAILURE, "the google engine is closed");
    }
    return new GoogleSpeechStream(this, request, listener);
  }

  /** Tasks waiting for the engine's threads (stream work, timers). */
  @Override
  public int queuedWork() {
    return pool.getQueue().size();
  }

  GoogleSettings settings() {
    return settings;
  }

  ScheduledExecutorService pool() {
    return pool;
  }

  BidiStreamingCallable<StreamingRecognizeRequest, StreamingRecognizeResponse> callable() {
    return client.streamingRecognizeCallable();
  }

  boolean isClosed() {
    return closed.get();
  }

  Set<GoogleSpeechStream> openStreams() {
    return openStreams;
  }

  /** Streams opened and not yet fully released; for tests and metrics. */
  public int activeStreams() {
    return openStreams.size();
  }

  /**
   * Cancels every call still open, closes the channel and stops the engine's threads, waiting up to
   * five seconds for each. Streams still open report an error unless they were closed first.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Queued before the pool stops, so each open stream hears of it (gRPC's own word of the
    // cancelled calls could come after the pool has stopped).
    for (GoogleSpeechStream stream : openStreams) {
      stream.engineClosing();
    }
    client.shutdownNow();
    try {
      client.awaitTermination(5, TimeUnit.SECONDS);
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
