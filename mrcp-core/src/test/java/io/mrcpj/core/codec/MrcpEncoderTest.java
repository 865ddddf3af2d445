package io.mrcpj.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MrcpEncoderTest {

  private static final ChannelId CH = ChannelId.parse("9f3641c4fbb94579@speechrecog");

  @Test
  void messageLengthCountsItsOwnDigitsAcrossEveryDigitBoundary() {
    assertThat(MrcpEncoder.messageLength(0)).isEqualTo(1);
    assertThat(MrcpEncoder.messageLength(8)).isEqualTo(9);
    assertThat(MrcpEncoder.messageLength(9)).isEqualTo(11); // 10 would need 2 digits: 9+2=11
    assertThat(MrcpEncoder.messageLength(97)).isEqualTo(99);
    assertThat(MrcpEncoder.messageLength(98)).isEqualTo(101);
    assertThat(MrcpEncoder.messageLength(996)).isEqualTo(999);
    assertThat(MrcpEncoder.messageLength(997)).isEqualTo(1001);
    assertThat(MrcpEncoder.messageLength(999_994)).isEqualTo(1_000_001);
  }

  /** Bodies sized so the whole message lands on each side of the 99/100 and 999/1000 edges. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 890, 891, 892, 893, 894, 895, 896})
  void encodedLengthIsTheTrueOctetCountAndDecodesBack(int bodySize) {
    MrcpRequest.Builder b =
        MrcpRequest.builder().method(MrcpMethod.SPEAK).requestId(1).channelId(CH);
    if (bodySize > 0) {
      b.body("text/plain", "x".repeat(bodySize));
    }
    MrcpRequest r = b.build();
    byte[] wire = MrcpEncoder.encode(r);
    String start = new String(wire, StandardCharsets.US_ASCII).split("\r\n", 2)[0];
    assertThat(Long.parseLong(start.split(" ")[1])).isEqualTo(wire.length);
    List<Object> back = MrcpParser.parseAll(wire, MrcpDecoderConfig.DEFAULT);
    assertThat(back).containsExactly(r);
  }

  @Test
  void utf8BodiesAreCountedInOctets() {
    String ssml = "<speak xml:lang=\"fr-FR\">Ça coûte 5 €, 日本語 😀</speak>";
    MrcpRequest r =
        MrcpRequest.builder()
            .method(MrcpMethod.SPEAK)
            .requestId(2)
            .channelId(ChannelId.parse("a1@speechsynth"))
            .body("application/ssml+xml", ssml)
            .build();
    int octets = ssml.getBytes(StandardCharsets.UTF_8).length;
    assertThat(octets).isGreaterThan(ssml.length());
    assertThat(r.headers().get(GenericHeaders.CONTENT_LENGTH)).contains((long) octets);
    MrcpMessage back =
        (MrcpMessage) MrcpParser.parseAll(MrcpEncoder.encode(r), MrcpDecoderConfig.DEFAULT).get(0);
    assertThat(back.bodyAsString()).isEqualTo(ssml);
    assertThat(back).isEqualTo(r);
  }

  @Test
  void aWrongContentLengthIsCorrectedAndNoneIsAddedWithoutABody() {
    MrcpRequest wrong =
        MrcpRequest.builder()
            .method(MrcpMethod.SPEAK)
            .requestId(3)
            .channelId(CH)
            .rawBody("hello".getBytes(StandardCharsets.US_ASCII))
            .header("Content-Length", "99")
            .build();
    String wire = new String(MrcpEncoder.encode(wrong), StandardCharsets.US_ASCII);
    assertThat(wire).contains("Content-Length: 5\r\n").doesNotContain("99\r\n");

    MrcpResponse noBody =
        MrcpResponse.builder().requestId(3).status(StatusCode.SUCCESS).channelId(CH).build();
    assertThat(new String(MrcpEncoder.encode(noBody), StandardCharsets.US_ASCII))
        .doesNotContain("Content-Length");
  }

  @Test
  void writesTheThreeStartLineShapesLikeUniMrcp() {
    MrcpRequest req =
        MrcpRequest.builder().method(MrcpMethod.RECOGNIZE).requestId(2).channelId(CH).build();
    MrcpResponse resp = MrcpResponse.to(req, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build();
    MrcpEvent done =
        MrcpEvent.builder()
            .name(MrcpEventName.RECOGNITION_COMPLETE)
            .requestId(2)
            .state(RequestState.COMPLETE)
            .channelId(CH)
            .header(
                RecognizerHeaders.COMPLETION_CAUSE,
                RecognizerCompletionCause.NO_INPUT_TIMEOUT.toHeaderValue())
            .build();
    assertThat(new String(MrcpEncoder.encode(req), StandardCharsets.US_ASCII))
        .startsWith(
            "MRCP/2.0 77 RECOGNIZE 2\r\nChannel-Identifier: 9f3641c4fbb94579@speechrecog\r\n\r\n");
    // the same bytes as UniMRCP's server wrote for this response (recog capture)
    assertThat(new String(MrcpEncoder.encode(resp), StandardCharsets.US_ASCII))
        .isEqualTo(
            "MRCP/2.0 83 2 200 IN-PROGRESS\r\nChannel-Identifier: 9f3641c4fbb94579@speechrecog\r\n\r\n");
    assertThat(new String(MrcpEncoder.encode(done), StandardCharsets.US_ASCII))
        .startsWith("MRCP/2.0 ")
        .contains(" RECOGNITION-COMPLETE 2 COMPLETE\r\n")
        .contains("Completion-Cause: 002 no-input-timeout\r\n");
  }
}
