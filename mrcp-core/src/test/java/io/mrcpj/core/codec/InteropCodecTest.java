package io.mrcpj.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import io.mrcpj.core.message.SynthesizerHeaders;
import io.mrcpj.core.testing.Interop;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every MRCP byte stream captured from UniMRCP and FreeSWITCH, decoded and re-encoded. */
class InteropCodecTest {

  static Stream<String> captures() {
    List<String> all = new ArrayList<>();
    for (String folder : List.of("unimrcp", "mod_unimrcp")) {
      for (Path p : Interop.list(folder, "*-mrcp-stream0-*.bin")) {
        all.add(folder + "/" + p.getFileName());
      }
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(10);
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("captures")
  void decodesEveryMessageAndReencodesByteExact(String capture) throws Exception {
    byte[] wire = Interop.bytes(capture);
    List<Object> decoded = MrcpParser.parseAll(wire, MrcpDecoderConfig.DEFAULT);
    assertThat(decoded).isNotEmpty().allMatch(o -> o instanceof MrcpMessage);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    for (Object o : decoded) {
      again.write(MrcpEncoder.encode((MrcpMessage) o));
    }
    assertThat(again.toByteArray()).isEqualTo(wire);
  }

  @ParameterizedTest
  @MethodSource("captures")
  void decodesTheSameMessagesWhenSplitAtEveryByteBoundary(String capture) {
    byte[] wire = Interop.bytes(capture);
    List<Object> whole = MrcpParser.parseAll(wire, MrcpDecoderConfig.DEFAULT);
    for (int split = 1; split < wire.length; split++) {
      EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder());
      ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, split));
      ch.writeInbound(Unpooled.wrappedBuffer(wire, split, wire.length - split));
      assertThat(drain(ch)).as("split at %d", split).isEqualTo(whole);
      assertFalse(ch.finish());
    }
  }

  @ParameterizedTest
  @MethodSource("captures")
  void decodesTheSameMessagesFedOneByteAtATime(String capture) {
    byte[] wire = Interop.bytes(capture);
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder());
    for (byte b : wire) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(drain(ch)).isEqualTo(MrcpParser.parseAll(wire, MrcpDecoderConfig.DEFAULT));
    assertFalse(ch.finish());
  }

  @Test
  void encoderOutputThroughAChannelMatchesTheCapture() {
    byte[] wire = Interop.bytes("unimrcp/recog-mrcp-stream0-server-to-client.bin");
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpEncoder());
    for (Object o : MrcpParser.parseAll(wire, MrcpDecoderConfig.DEFAULT)) {
      ch.writeOutbound(o);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (io.netty.buffer.ByteBuf b; (b = ch.readOutbound()) != null; ) {
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      b.release();
      out.writeBytes(bytes);
    }
    assertThat(out.toByteArray()).isEqualTo(wire);
    assertFalse(ch.finish());
  }

  @Test
  void readsUniMrcpsRecognizeAndItsResult() {
    List<Object> c2s =
        MrcpParser.parseAll(
            Interop.bytes("unimrcp/recog-mrcp-stream0-client-to-server.bin"),
            MrcpDecoderConfig.DEFAULT);
    MrcpRequest define = (MrcpRequest) c2s.get(0);
    assertThat(define.method()).isEqualTo(MrcpMethod.DEFINE_GRAMMAR);
    assertThat(define.contentType()).contains("application/srgs+xml");
    assertThat(define.headers().get(GenericHeaders.CONTENT_ID)).contains("request1@form-level");
    assertThat(define.bodyAsString()).contains("<item>three</item>");
    assertThat(define.bodyLength()).isEqualTo(269);

    MrcpRequest recognize = (MrcpRequest) c2s.get(1);
    assertThat(recognize.method()).isEqualTo(MrcpMethod.RECOGNIZE);
    assertThat(recognize.requestId()).isEqualTo(2);
    assertThat(recognize.channelId())
        .get()
        .satisfies(
            id -> {
              assertThat(id.id()).isEqualTo("9f3641c4fbb94579");
              assertThat(id.resource()).isEqualTo(MrcpResource.SPEECHRECOG);
            });
    assertThat(recognize.headers().get(RecognizerHeaders.NO_INPUT_TIMEOUT)).contains(5000L);
    assertThat(recognize.headers().get(RecognizerHeaders.RECOGNITION_TIMEOUT)).contains(10000L);
    assertThat(recognize.headers().get(RecognizerHeaders.START_INPUT_TIMERS)).contains(true);
    assertThat(recognize.headers().get(RecognizerHeaders.CANCEL_IF_QUEUE)).contains(false);
    assertThat(recognize.headers().get(RecognizerHeaders.CONFIDENCE_THRESHOLD)).contains(0.5f);
    assertThat(recognize.bodyAsString()).isEqualTo("session:request1@form-level");

    List<Object> s2c =
        MrcpParser.parseAll(
            Interop.bytes("unimrcp/recog-mrcp-stream0-server-to-client.bin"),
            MrcpDecoderConfig.DEFAULT);
    MrcpEvent complete =
        s2c.stream()
            .filter(
                o ->
                    o instanceof MrcpEvent e && e.name().equals(MrcpEventName.RECOGNITION_COMPLETE))
            .map(MrcpEvent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(complete.state()).isEqualTo(RequestState.COMPLETE);
    assertThat(complete.requestId()).isEqualTo(2);
    assertThat(
            RecognizerCompletionCause.parse(
                complete.headers().get(RecognizerHeaders.COMPLETION_CAUSE).orElseThrow()))
        .isEqualTo(RecognizerCompletionCause.SUCCESS);
    assertThat(complete.contentType()).contains("application/x-nlsml");
    assertThat(complete.bodyAsString()).contains("<interpretation").contains("confidence=");
  }

  @Test
  void readsUmcsSpeakWithSynthesisSsml() {
    List<Object> c2s =
        MrcpParser.parseAll(
            Interop.bytes("unimrcp/synth-mrcp-stream0-client-to-server.bin"),
            MrcpDecoderConfig.DEFAULT);
    MrcpRequest speak = (MrcpRequest) c2s.get(0);
    assertThat(speak.method()).isEqualTo(MrcpMethod.SPEAK);
    assertThat(speak.contentType()).contains("application/synthesis+ssml");
    assertThat(speak.bodyAsString()).contains("<speak");
    List<Object> s2c =
        MrcpParser.parseAll(
            Interop.bytes("unimrcp/synth-mrcp-stream0-server-to-client.bin"),
            MrcpDecoderConfig.DEFAULT);
    MrcpEvent done = (MrcpEvent) s2c.get(s2c.size() - 1);
    assertThat(done.name()).isEqualTo(MrcpEventName.SPEAK_COMPLETE);
    assertThat(
            SynthesizerCompletionCause.parse(
                done.headers().get(SynthesizerHeaders.COMPLETION_CAUSE).orElseThrow()))
        .isEqualTo(SynthesizerCompletionCause.NORMAL);
  }

  static List<Object> drain(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add(o);
    }
    return out;
  }
}
