package io.mrcpj.asr.google;

import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Google's Speech service: the v1 {@code StreamingRecognize} method with the
 * vendor's published request and response messages (proto-google-cloud-speech-v1), served by grpc's
 * netty server over plaintext HTTP/2 on 127.0.0.1. (The vendor's generated service base,
 * grpc-google-cloud-speech-v1, is listed on Maven Central but its jar is not served here, so the
 * method is described with gRPC's own builder.) It records each call (the configuration, the audio
 * in order, what came after the first request) and answers as its {@link Behaviour} says.
 */
final class FakeSpeechService implements AutoCloseable {

  static final String SERVICE = "google.cloud.speech.v1.Speech";

  static final MethodDescriptor<StreamingRecognizeRequest, StreamingRecognizeResponse>
      STREAMING_RECOGNIZE =
          MethodDescriptor.<StreamingRecognizeRequest, StreamingRecognizeResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(
                  MethodDescriptor.generateFullMethodName(SERVICE, "StreamingRecognize"))
              .setRequestMarshaller(
                  ProtoUtils.marshaller(StreamingRecognizeRequest.getDefaultInstance()))
              .setResponseMarshaller(
                  ProtoUtils.marshaller(StreamingRecognizeResponse.getDefaultInstance()))
              .build();

  /** How the service answers a call. */
  enum Behaviour {
    /**
     * An interim result after the first audio, another one later, then on the end of input two
     * final segments: "four five" and "six one" with three alternatives and confidences.
     */
    TRANSCRIBE,
    /** Fails the call with {@link #errorStatus} at the first audio. */
    FAIL,
    /** Answers the first audio with a response carrying an error status instead of a result. */
    ERROR_IN_RESPONSE,
    /** Takes everything and never answers or ends the call. */
    SILENT
  }

  /** What one call brought. */
  static final class Call {
    final CompletableFuture<StreamingRecognitionConfig> config = new CompletableFuture<>();
    final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final CountDownLatch halfClosed = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile int audioMessages;

    synchronized byte[] audio() {
      return audio.toByteArray();
    }

    boolean cancelledWithin(int seconds) throws InterruptedException {
      return cancelled.await(seconds, TimeUnit.SECONDS);
    }
  }

  volatile Behaviour behaviour = Behaviour.TRANSCRIBE;
  volatile Status errorStatus = Status.UNAVAILABLE.withDescription("backend down");
  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeSpeechService() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerServiceDefinition.builder(SERVICE)
                    .addMethod(
                        STREAMING_RECOGNIZE,
                        ServerCalls.asyncBidiStreamingCall(this::streamingRecognize))
                    .build())
            .build()
            .start();
  }

  /** {@code host:port} of the service. */
  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  private StreamObserver<StreamingRecognizeRequest> streamingRecognize(
      StreamObserver<StreamingRecognizeResponse> responses) {
    Call call = new Call();
    calls.add(call);
    Behaviour how = behaviour;
    // The request side hears of a cancellation only while the client has not half-closed; this
    // handler hears of it always.
    ((ServerCallStreamObserver<StreamingRecognizeResponse>) responses)
        .setOnCancelHandler(call.cancelled::countDown);
    return new StreamObserver<>() {
      private int messages;
      private boolean answeredFirst;
      private boolean done;

      @Override
      public void onNext(StreamingRecognizeRequest r) {
        messages++;
        if (messages == 1) {
          if (!r.hasStreamingConfig() || r.getAudioContent().size() > 0) {
            call.problems.add("the first request is not the configuration alone: " + r);
          }
          call.config.complete(r.getStreamingConfig());
          return;
        }
        if (r.hasStreamingConfig()) {
          call.problems.add("a configuration in request " + messages);
        }
        synchronized (call) {
          call.audio.writeBytes(r.getAudioContent().toByteArray());
        }
        call.audioMessages++;
        if (done || answeredFirst) {
          if (how == Behaviour.TRANSCRIBE && call.audioMessages == 10) {
            responses.onNext(interim(0.8f, "four five", "six"));
          }
          return;
        }
        answeredFirst = true;
        switch (how) {
          case TRANSCRIBE -> responses.onNext(interim(0.1f, "four"));
          case FAIL -> {
            done = true;
            responses.onError(errorStatus.asRuntimeException());
          }
          case ERROR_IN_RESPONSE ->
              responses.onNext(
                  StreamingRecognizeResponse.newBuilder()
                      .setError(
                          com.google.rpc.Status.newBuilder()
                              .setCode(Status.Code.INVALID_ARGUMENT.value())
                              .setMessage("Invalid recognition 'config': bad encoding."))
                      .build());
          case SILENT -> {}
        }
      }

      @Override
      public void onError(Throwable t) {
        if (Status.fromThrowable(t).getCode() == Status.Code.CANCELLED) {
          call.cancelled.countDown();
        } else {
          call.problems.add("the client's side failed: " + t);
        }
      }

      @Override
      public void onCompleted() {
        call.halfClosed.countDown();
        if (done || how != Behaviour.TRANSCRIBE) {
          return;
        }
        responses.onNext(
            StreamingRecognizeResponse.newBuilder()
                .addResults(
                    StreamingRecognitionResult.newBuilder()
                        .setIsFinal(true)
                        .addAlternatives(alternative("four five", 0.91f)))
                .build());
        responses.onNext(
            StreamingRecognizeResponse.newBuilder()
                .addResults(
                    StreamingRecognitionResult.newBuilder()
                        .setIsFinal(true)
                        .addAlternatives(alternative(" six one", 0.87f))
                        .addAlternatives(alternative(" six won", 0f))
                        .addAlternatives(alternative(" sex one", 0.2f)))
                .build());
        responses.onCompleted();
      }
    };
  }

  private static StreamingRecognizeResponse interim(float stability, String... texts) {
    StreamingRecognizeResponse.Builder b = StreamingRecognizeResponse.newBuilder();
    for (String text : texts) {
      b.addResults(
          StreamingRecognitionResult.newBuilder()
              .setStability(stability)
              .addAlternatives(alternative(text, 0f)));
    }
    return b.build();
  }

  private static SpeechRecognitionAlternative alternative(String text, float confidence) {
    return SpeechRecognitionAlternative.newBuilder()
        .setTranscript(text)
        .setConfidence(confidence)
        .build();
  }

  /** The audio bytes of {@code pcm} as the service must receive them: LINEAR16, little-endian. */
  static ByteString linear16(short[] pcm) {
    byte[] b = new byte[2 * pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      b[2 * i] = (byte) (pcm[i] & 0xff);
      b[2 * i + 1] = (byte) ((pcm[i] >> 8) & 0xff);
    }
    return ByteString.copyFrom(b);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
