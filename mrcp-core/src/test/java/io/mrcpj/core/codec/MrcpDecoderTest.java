package io.mrcpj.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.StatusCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits and malformed input: each is answered (a failure value) or closed, as documented. */
class MrcpDecoderTest {

  private static final String CH = "Channel-Identifier: 32AECB23433801@speechrecog\r\n";

  /** A message with a correct message-length around the given start-line tail and rest. */
  static byte[] message(String startTail, String rest) {
    String probe = "MRCP/2.0 " + "0000" + " " + startTail + "\r\n" + rest;
    int base = probe.getBytes(StandardCharsets.UTF_8).length - 4;
    long len = MrcpEncoder.messageLength(base);
    return ("MRCP/2.0 " + len + " " + startTail + "\r\n" + rest).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] good(long id) {
    return message("GET-PARAMS " + id, CH + "\r\n");
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static List<Object> decode(MrcpDecoderConfig config, byte[] bytes) {
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder(config));
    ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    List<Object> out = InteropCodecTest.drain(ch);
    assertFalse(ch.finish());
    return out;
  }

  static List<Object> decode(byte[] bytes) {
    return decode(MrcpDecoderConfig.DEFAULT, bytes);
  }

  static MrcpDecodeFailure failure(Object o) {
    assertThat(o).isInstanceOf(MrcpDecodeFailure.class);
    return (MrcpDecodeFailure) o;
  }

  @Test
  void aWellFormedRequestDecodes() {
    List<Object> out = decode(good(7));
    assertThat(out).hasSize(1);
    MrcpRequest r = (MrcpRequest) out.get(0);
    assertThat(r.method()).isEqualTo(MrcpMethod.GET_PARAMS);
    assertThat(r.requestId()).isEqualTo(7);
  }

  @Test
  void anOversizedMessageIsSkippedWithoutBufferingThenAnsweredAndTheNextOneDecodes() {
    MrcpDecoderConfig small = MrcpDecoderConfig.builder().maxMessageBytes(1024).build();
    byte[] big =
        message(
            "SPEAK 3",
            CH + "Content-Type: text/plain\r\nContent-Length: 2000\r\n\r\n" + "a".repeat(2000));
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder(small));
    // Feed in pieces: the decoder must not wait for (or keep) the whole 2 KB message.
    for (int i = 0; i < big.length; i += 100) {
      ch.writeInbound(Unpooled.wrappedBuffer(big, i, Math.min(100, big.length - i)));
      if (i + 100 < big.length) {
        assertThat((Object) ch.readInbound()).isNull();
      }
    }
    ch.writeInbound(Unpooled.wrappedBuffer(good(4)));
    List<Object> out = InteropCodecTest.drain(ch);
    assertThat(out).hasSize(2);
    MrcpDecodeFailure f = failure(out.get(0));
    assertThat(f.requestId()).isEqualTo(3);
    assertThat(f.status()).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
    assertThat(f.answerable()).isTrue();
    assertThat(((MrcpRequest) out.get(1)).requestId()).isEqualTo(4);
    assertFalse(ch.finish());
  }

  @Test
  void aStartLineOverTheLimitIsAFramingError() {
    MrcpDecoderConfig c = MrcpDecoderConfig.builder().maxStartLineBytes(64).build();
    byte[] longLine =
        ("MRCP/2.0 100 " + "X".repeat(80) + " 1\r\n").getBytes(StandardCharsets.US_ASCII);
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder(c));
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(longLine)))
        .isInstanceOf(MrcpProtocolException.class)
        .hasMessageContaining("start line longer than 64");
    // Broken for good: later bytes, even a good message, are dropped.
    ch.writeInbound(Unpooled.wrappedBuffer(good(1)));
    assertThat((Object) ch.readInbound()).isNull();
    assertFalse(ch.finish());
  }

  @Test
  void aHeaderSectionOverTheLimitIsAnsweredWith504() {
    MrcpDecoderConfig c = MrcpDecoderConfig.builder().maxHeaderBytes(128).build();
    byte[] msg = message("SET-PARAMS 9", CH + "Logging-Tag: " + "x".repeat(200) + "\r\n\r\n");
    List<Object> out = decode(c, concat(msg, good(10)));
    MrcpDecodeFailure f = failure(out.get(0));
    assertThat(f.status()).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
    assertThat(f.requestId()).isEqualTo(9);
    assertThat(f.channelId()).isEqualTo("32AECB23433801@speechrecog");
    assertThat(out.get(1)).isInstanceOf(MrcpRequest.class);
  }

  @Test
  void tooManyHeadersAreAnsweredWith504() {
    MrcpDecoderConfig c = MrcpDecoderConfig.builder().maxHeaderCount(5).build();
    StringBuilder h = new StringBuilder(CH);
    for (int i = 0; i < 6; i++) {
      h.append("X-H").append(i).append(": v\r\n");
    }
    MrcpDecodeFailure f = failure(decode(c, message("SET-PARAMS 2", h + "\r\n")).get(0));
    assertThat(f.status()).isEqualTo(StatusCode.MESSAGE_TOO_LARGE);
    assertThat(f.reason()).contains("more than 5 header lines");
  }

  @Test
  void garbageInsteadOfAStartLineClosesAtOnce() {
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder());
    assertThatThrownBy(
            () ->
                ch.writeInbound(
                    Unpooled.wrappedBuffer(
                        "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(MrcpProtocolException.class);
    assertFalse(ch.finish());
  }

  @Test
  void anUnreadableMessageLengthIsAFramingError() {
    for (String line :
        List.of(
            "MRCP/2.0 abc GET-PARAMS 1\r\n",
            "MRCP/2.0\r\n",
            "MRCP/2.0 12345678901 GET-PARAMS 1\r\n",
            "MRCP/2.0 4 GET-PARAMS 1\r\n")) {
      EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder());
      assertThatThrownBy(
              () ->
                  ch.writeInbound(Unpooled.wrappedBuffer(line.getBytes(StandardCharsets.US_ASCII))))
          .as(line)
          .isInstanceOf(MrcpProtocolException.class);
      assertFalse(ch.finish());
    }
  }

  @Test
  void aMessageLengthTooSmallForTheHeadersIsAnsweredAndTheStreamResumesAtTheDeclaredLength() {
    // message-length covers the start line and part of the header only.
    String start = "MRCP/2.0 40 GET-PARAMS 5\r\n";
    String partial = "Channel-";
    byte[] first = (start + partial).getBytes(StandardCharsets.US_ASCII);
    assertThat(first.length).isLessThan(40);
    byte[] msg = concat(first, "X".repeat(40 - first.length).getBytes(StandardCharsets.US_ASCII));
    List<Object> out = decode(concat(msg, good(6)));
    MrcpDecodeFailure f = failure(out.get(0));
    assertThat(f.requestId()).isEqualTo(5);
    assertThat(f.status()).isEqualTo(StatusCode.UNRECOGNIZED_MESSAGE_ENTITY);
    assertThat(((MrcpRequest) out.get(1)).requestId()).isEqualTo(6);
  }

  @Test
  void contentLengthLargerThanTheMessageIsAnsweredWith404NamingIt() {
    byte[] msg =
        message("SPEAK 8", CH + "Content-Type: text/plain\r\nContent-Length: 50\r\n\r\nhello");
    MrcpDecodeFailure f = failure(decode(msg).get(0));
    assertThat(f.status()).isEqualTo(StatusCode.ILLEGAL_HEADER_VALUE);
    assertThat(f.reason()).contains("Content-Length");
    assertThat(f.requestId()).isEqualTo(8);
  }

  @Test
  void aNonNumericContentLengthIsAnsweredWith404() {
    byte[] msg = message("SPEAK 8", CH + "Content-Length: five\r\n\r\nhello");
    MrcpDecodeFailure f = failure(decode(msg).get(0));
    assertThat(f.status()).isEqualTo(StatusCode.ILLEGAL_HEADER_VALUE);
    assertThat(f.reason()).contains("Content-Length");
  }

  @Test
  void aBodyWithoutContentLengthIsAcceptedFromMessageLength() {
    byte[] msg = message("SPEAK 8", CH + "Content-Type: text/plain\r\n\r\nhello");
    MrcpRequest r = (MrcpRequest) decode(msg).get(0);
    assertThat(r.bodyAsString()).isEqualTo("hello");
  }

  @Test
  void trailingLineEndsAfterAShortBodyAreTolerated() {
    byte[] msg = message("SPEAK 8", CH + "Content-Length: 5\r\n\r\nhello\r\n");
    assertThat(((MrcpRequest) decode(msg).get(0)).bodyAsString()).isEqualTo("hello");
  }

  @Test
  void aHeaderLineWithoutColonIsAnsweredWith408AndTheNextMessageStillDecodes() {
    byte[] bad = message("SET-PARAMS 11", CH + "this is not a header\r\n\r\n");
    List<Object> out = decode(concat(bad, good(12)));
    MrcpDecodeFailure f = failure(out.get(0));
    assertThat(f.status()).isEqualTo(StatusCode.UNRECOGNIZED_MESSAGE_ENTITY);
    assertThat(f.requestId()).isEqualTo(11);
    assertThat(f.channelId()).isEqualTo("32AECB23433801@speechrecog");
    assertThat(f.reason()).contains("this is not a header");
    assertThat(((MrcpRequest) out.get(1)).requestId()).isEqualTo(12);
  }

  @Test
  void aBareCrInAHeaderValueIsAnsweredWith408NotAnExceptionFoundByFuzzing() {
    // the fuzzer's finding: a CR inside a value reached the header builder, which threw, and the
    // connection was closed instead of the request being answered
    byte[] bad =
        message("SET-PARAMS 14", "Channel-Identifier: 32AECB2343\r3801@speechrecog\r\n\r\n");
    List<Object> out = decode(concat(bad, good(15)));
    MrcpDecodeFailure f = failure(out.get(0));
    assertThat(f.status()).isEqualTo(StatusCode.UNRECOGNIZED_MESSAGE_ENTITY);
    assertThat(f.requestId()).isEqualTo(14);
    assertThat(f.reason()).contains("bare CR");
    assertThat(((MrcpRequest) out.get(1)).requestId()).isEqualTo(15);
  }

  @Test
  void aVersionTheMessageModelRefusesIsAnsweredNotThrownFoundByFuzzing() {
    // DEL (0x7f) is not a token character; the start line's own checks let it through
    String text =
        new String(message("SET-PARAMS 16", CH + "\r\n"), StandardCharsets.US_ASCII)
            .replaceFirst("^MRCP/2\\.0", "MRCP/2.\u007f");
    String fixed = text;
    List<Object> out = decode(concat(fixed.getBytes(StandardCharsets.US_ASCII), good(17)));
    MrcpDecodeFailure f = failure(out.get(0));
    assertThat(f.status()).isEqualTo(StatusCode.UNRECOGNIZED_MESSAGE_ENTITY);
    assertThat(f.requestId()).isEqualTo(16);
    assertThat(((MrcpRequest) out.get(1)).requestId()).isEqualTo(17);
  }

  @Test
  void nonUtf8HeaderBytesAreAnsweredWith408() {
    byte[] head = message("SET-PARAMS 13", CH + "Logging-Tag: \u00ff\u00fe\r\n\r\n");
    // Replace the UTF-8 encoding of U+00FF U+00FE (4 bytes) by raw 0xFF 0xFE 0xFF 0xFE.
    String s = new String(head, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("Logging-Tag: ") + "Logging-Tag: ".length();
    head[at] = (byte) 0xFF;
    head[at + 1] = (byte) 0xFE;
    head[at + 2] = (byte) 0xFF;
    head[at + 3] = (byte) 0xFE;
    MrcpDecodeFailure f = failure(decode(head).get(0));
    assertThat(f.status()).isEqualTo(StatusCode.UNRECOGNIZED_MESSAGE_ENTITY);
    assertThat(f.reason()).contains("not UTF-8");
  }

  @Test
  void aBadRequestIdIsAFailureWithoutAnId() {
    MrcpDecodeFailure f = failure(decode(message("GET-PARAMS 99999999999", CH + "\r\n")).get(0));
    assertThat(f.answerable()).isFalse();
    assertThat(f.knownRequestId()).isEmpty();
  }

  @Test
  void anUnknownRequestStateIsAFailure() {
    MrcpDecodeFailure f = failure(decode(message("5 200 DONE", CH + "\r\n")).get(0));
    assertThat(f.requestId()).isEqualTo(5);
    assertThat(f.reason()).contains("DONE");
    assertThat(f.answerable()).isFalse(); // responses are never answered
  }

  @Test
  void anUnknownMethodDecodesAsAVendorMethod() {
    MrcpRequest r = (MrcpRequest) decode(message("X-ACME-FLUSH 3", CH + "\r\n")).get(0);
    assertThat(r.method().name()).isEqualTo("X-ACME-FLUSH");
    assertThat(r.method().isStandard()).isFalse();
  }

  @Test
  void aMissingChannelIdentifierStillDecodesTheServerDecides() {
    MrcpRequest r = (MrcpRequest) decode(message("GET-PARAMS 3", "\r\n")).get(0);
    assertThat(r.channelId()).isEmpty();
  }

  @Test
  void lfOnlyLineEndsFoldedHeadersAndLooseWhitespaceAreAccepted() {
    byte[] msg =
        message(
            "SET-PARAMS 4",
            "Channel-Identifier:32AECB23433801@speechrecog\nVendor-Specific-Parameters: a=1;\n\tb=2\n"
                + "no-input-timeout:   300\n\n");
    MrcpMessage m = (MrcpMessage) decode(msg).get(0);
    assertThat(m.channelId()).get().hasToString("32AECB23433801@speechrecog");
    assertThat(m.headers().get("Vendor-Specific-Parameters")).contains("a=1; b=2");
    assertThat(m.headers().get(io.mrcpj.core.message.RecognizerHeaders.NO_INPUT_TIMEOUT))
        .contains(300L);
  }

  @Test
  void responsesAndEventsDecode() {
    List<Object> out =
        decode(
            concat(
                message("4 200 IN-PROGRESS", CH + "\r\n"),
                message("START-OF-INPUT 4 IN-PROGRESS", CH + "\r\n"),
                message("4 421 COMPLETE", CH + "\r\n")));
    assertThat(((MrcpResponse) out.get(0)).status()).isEqualTo(StatusCode.SUCCESS);
    assertThat(out.get(1)).isInstanceOf(io.mrcpj.core.message.MrcpEvent.class);
    assertThat(((MrcpResponse) out.get(2)).status().code()).isEqualTo(421);
  }

  @Test
  void parseAllRejectsAStreamThatEndsInsideAMessage() {
    byte[] msg = good(1);
    byte[] cut = java.util.Arrays.copyOf(msg, msg.length - 3);
    assertThatThrownBy(() -> MrcpParser.parseAll(cut, MrcpDecoderConfig.DEFAULT))
        .isInstanceOf(MrcpProtocolException.class)
        .hasMessageContaining("ends inside a message");
  }

  @Test
  void configRejectsNonsense() {
    assertThatThrownBy(() -> MrcpDecoderConfig.builder().maxStartLineBytes(4).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MrcpDecoderConfig.builder().maxHeaderCount(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
