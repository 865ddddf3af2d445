package io.mrcpj.bench;

import io.mrcpj.core.codec.MrcpDecoder;
import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + encode of the two messages every recognition carries: the RECOGNIZE request (as
 * UniMRCP's client sends it) and the RECOGNITION-COMPLETE event with an NLSML body. Decoding runs
 * through the real netty pipeline ({@link MrcpDecoder} in an {@link EmbeddedChannel}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

  private EmbeddedChannel channel;
  private byte[] recognizeWire;
  private byte[] completeWire;
  private MrcpRequest recognize;
  private MrcpEvent complete;

  @Setup(Level.Trial)
  public void setup() {
    ChannelId ch = ChannelId.parse("9f3641c4fbb94579@speechrecog");
    recognize =
        MrcpRequest.builder()
            .method(MrcpMethod.RECOGNIZE)
            .requestId(2)
            .channelId(ch)
            .header(RecognizerHeaders.CANCEL_IF_QUEUE, false)
            .header(RecognizerHeaders.NO_INPUT_TIMEOUT, 5000L)
            .header(RecognizerHeaders.RECOGNITION_TIMEOUT, 10000L)
            .header(RecognizerHeaders.START_INPUT_TIMERS, true)
            .header(RecognizerHeaders.CONFIDENCE_THRESHOLD, 0.5f)
            .header(RecognizerHeaders.SAVE_WAVEFORM, true)
            .body("text/uri-list", "session:request1@form-level")
            .build();
    String nlsml =
        NlsmlWriter.write(
            new NlsmlResult(
                "session:request1@form-level",
                List.of(
                    Interpretation.of(
                        "session:request1@form-level", 0.97f, "one", "one", InputMode.SPEECH))));
    complete =
        MrcpEvent.builder()
            .name(MrcpEventName.RECOGNITION_COMPLETE)
            .requestId(2)
            .state(RequestState.COMPLETE)
            .channelId(ch)
            .header(
                RecognizerHeaders.COMPLETION_CAUSE,
                RecognizerCompletionCause.SUCCESS.toHeaderValue())
            .body(NlsmlResult.CONTENT_TYPE, nlsml)
            .build();
    recognizeWire = MrcpEncoder.encode(recognize);
    completeWire = MrcpEncoder.encode(complete);
    channel = new EmbeddedChannel(new MrcpDecoder());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    channel.finishAndReleaseAll();
  }

  private MrcpMessage decode(byte[] wire) {
    ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(wire.length);
    in.writeBytes(wire);
    channel.writeInbound(in);
    return channel.readInbound();
  }

  private static int encode(MrcpMessage m) {
    ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(512);
    try {
      MrcpEncoder.write(m, out);
      return out.readableBytes();
    } finally {
      out.release();
    }
  }

  @Benchmark
  public int recognizeDecodeEncode() {
    return encode(decode(recognizeWire));
  }

  @Benchmark
  public int recognitionCompleteDecodeEncode() {
    return encode(decode(completeWire));
  }

  @Benchmark
  public int recognitionCompleteBuildWithNlsmlAndEncode() {
    String nlsml =
        NlsmlWriter.write(
            new NlsmlResult(
                "session:request1@form-level",
                List.of(
                    Interpretation.of(
                        "session:request1@form-level", 0.97f, "one", "one", InputMode.SPEECH))));
    return encode(complete.toBuilder().body(NlsmlResult.CONTENT_TYPE, nlsml).build());
  }
}
