package io.mrcpj.client.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EslFrameDecoderTest {

  private static final int HEADERS = 64 * 1024;
  private static final int BODY = 1024 * 1024;

  private static List<Object> decode(byte[] bytes, int[] cuts, int maxHeaders, int maxBody) {
    EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder(maxHeaders, maxBody));
    int from = 0;
    for (int cut : cuts) {
      ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, cut)));
      from = cut;
    }
    ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, bytes.length)));
    List<Object> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add(o);
    }
    assertFalse(ch.finish());
    return out;
  }

  private static List<Object> decode(String text) {
    return decode(text.getBytes(StandardCharsets.UTF_8), new int[0], HEADERS, BODY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "inbound-json",
        "inbound-xml",
        "auth-fail",
        "detected-speech",
        "detected-speech-plain",
        "detected-speech-xml",
        "play-and-detect-speech",
        "outbound",
        "outbound-linger5",
        "outbound-nolinger"
      })
  void cutsEveryCaptureIntoTheMessagesTheTranscriptShows(String name) {
    EslCapture cap = EslCapture.load(name);
    List<EslCapture.Step> expected = cap.fromFreeswitch();
    Random random = new Random(name.hashCode());
    int[] cuts = random.ints(400, 1, cap.s2c.length).sorted().distinct().toArray();
    for (int[] pieces : List.of(new int[0], cuts)) {
      List<Object> frames = decode(cap.s2c, pieces, HEADERS, BODY);
      assertThat(frames).hasSize(expected.size());
      for (int i = 0; i < frames.size(); i++) {
        EslMessage m = (EslMessage) frames.get(i);
        String summary = expected.get(i).summary();
        assertThat(summary).as("frame %d", i).startsWith(m.contentType());
        assertThat(m.body()).isEqualTo(EslCapture.body(expected.get(i)));
      }
    }
  }

  @Test
  void aReplySplitAtEveryByteIsTheSameReply() {
    byte[] bytes =
        ("Content-Type: api/response\nContent-Length: 13\n\n+OK accepted\n"
                + "Content-Type: command/reply\nReply-Text: +OK\n\n")
            .getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      List<Object> frames = decode(bytes, new int[] {cut}, HEADERS, BODY);
      assertThat(frames).as("cut at %d", cut).hasSize(2);
      assertThat(((EslMessage) frames.get(0)).bodyText()).isEqualTo("+OK accepted\n");
      assertThat(((EslMessage) frames.get(1)).header("Reply-Text")).isEqualTo("+OK");
    }
  }

  @Test
  void theOutboundConnectReplyIsAHeaderBlockWithoutLength() {
    EslCapture cap = EslCapture.load("outbound");
    EslMessage m =
        (EslMessage) decode(cap.fromFreeswitch().get(0).bytes(), new int[0], HEADERS, BODY).get(0);
    assertThat(m.contentType()).isEqualTo(EslMessage.COMMAND_REPLY);
    assertThat(m.header("Event-Name")).isEqualTo("CHANNEL_DATA");
    assertThat(m.header("Reply-Text")).isEqualTo("%2BOK%0A");
    assertThat(m.hasBody()).isFalse();
  }

  @Test
  void crLfLineEndsAndBlankLinesBetweenFramesAreTolerated() {
    List<Object> frames =
        decode(
            "\n\r\nContent-Type: command/reply\r\nReply-Text: +OK\r\n\r\n\nContent-Type: auth/request\n\n");
    assertThat(frames).hasSize(2);
    assertThat(((EslMessage) frames.get(0)).header("Reply-Text")).isEqualTo("+OK");
    assertThat(((EslMessage) frames.get(1)).contentType()).isEqualTo(EslMessage.AUTH_REQUEST);
  }

  @Test
  void aLineWithoutANameIsAnErrorAndTheNextFrameStillArrives() {
    List<Object> frames =
        decode(
            "Content-Type: api/response\ngarbage line\nContent-Length: 4\n\nbody"
                + "Content-Type: command/reply\nReply-Text: +OK\n\n");
    assertThat(frames).hasSize(2);
    EslFrameDecoder.Error e = (EslFrameDecoder.Error) frames.get(0);
    assertThat(e.reason()).contains("garbage line");
    assertThat(e.contentType()).isEqualTo(EslMessage.API_RESPONSE);
    assertThat(((EslMessage) frames.get(1)).header("Reply-Text")).isEqualTo("+OK");
  }

  @Test
  void aLengthThatIsNotANumberIsAnError() {
    List<Object> frames =
        decode(
            "Content-Type: api/response\nContent-Length: twelve\n\nContent-Type: auth/request\n\n");
    assertThat(((EslFrameDecoder.Error) frames.get(0)).reason()).contains("twelve");
    assertThat(((EslMessage) frames.get(1)).contentType()).isEqualTo(EslMessage.AUTH_REQUEST);
    assertThat(decode("Content-Type: x\nContent-Length: -5\n\n").get(0))
        .isInstanceOf(EslFrameDecoder.Error.class);
  }

  @Test
  void aBodyOverTheLimitIsSkippedNotBuffered() {
    String big = "x".repeat(5000);
    byte[] bytes =
        ("Content-Type: text/event-json\nContent-Length: 5000\n\n"
                + big
                + "Content-Type: command/reply\nReply-Text: +OK\n\n")
            .getBytes(StandardCharsets.UTF_8);
    int[] cuts = {60, 1000, 3000};
    List<Object> frames = decode(bytes, cuts, HEADERS, 4096);
    assertThat(((EslFrameDecoder.Error) frames.get(0)).reason()).contains("5000").contains("4096");
    assertThat(((EslMessage) frames.get(1)).header("Reply-Text")).isEqualTo("+OK");
  }

  @Test
  void aHeaderBlockOverTheLimitIsSkippedUpToItsBlankLine() {
    String longBlock = "Content-Type: command/reply\nX: " + "y".repeat(3000) + "\n\n";
    byte[] bytes =
        (longBlock + "Content-Type: command/reply\nReply-Text: +OK after\n\n")
            .getBytes(StandardCharsets.UTF_8);
    for (int[] cuts : List.of(new int[0], new int[] {100, 1500, 3030})) {
      List<Object> frames = decode(bytes, cuts, 1024, BODY);
      assertThat(frames).hasSize(2);
      assertThat(((EslFrameDecoder.Error) frames.get(0)).reason()).contains("1024");
      assertThat(((EslMessage) frames.get(1)).header("Reply-Text")).isEqualTo("+OK after");
    }
  }

  @Test
  void aHalfFrameWaitsForTheRest() {
    EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder(HEADERS, BODY));
    ch.writeInbound(
        Unpooled.copiedBuffer(
            "Content-Type: api/response\nContent-Length: 4\n\nbo", StandardCharsets.UTF_8));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(Unpooled.copiedBuffer("dy", StandardCharsets.UTF_8));
    EslMessage m = ch.readInbound();
    assertThat(m.bodyText()).isEqualTo("body");
    assertFalse(ch.finish());
  }
}
