package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SPEAK and RECORD the client writes, byte for byte: for the inputs UniMRCP's umc (its synth
 * scenario) and FreeSWITCH's mod_unimrcp gave, the same bytes they sent (shared/interop captures,
 * channel id and request-id taken from them).
 */
class SpeakEncodingTest {

  /** The capture's body: everything after the first blank line. */
  static String body(byte[] message) {
    String s = new String(message, StandardCharsets.UTF_8);
    return s.substring(s.indexOf("\r\n\r\n") + 4);
  }

  private static byte[] encode(SpeakRequest r, String channel) {
    MrcpRequest m = r.message(ChannelId.parse(channel)).requestId(1).build();
    return MrcpEncoder.encode(m);
  }

  @Test
  void umcsSynthesisSsmlSpeakIsByteExact() {
    byte[] captured = Interop.bytes("unimrcp/synth-mrcp-stream0-client-to-server.bin");
    SpeakRequest r =
        SpeakRequest.builder().content(SpeakRequest.SYNTHESIS_SSML, body(captured)).build();
    assertThat(new String(encode(r, "1ba0d1c9ab49494d@speechsynth"), StandardCharsets.UTF_8))
        .isEqualTo(new String(captured, StandardCharsets.UTF_8));
    assertThat(encode(r, "1ba0d1c9ab49494d@speechsynth")).isEqualTo(captured);
  }

  @Test
  void modUnimrcpsPlainTextSpeakWithVoiceNameIsByteExact() {
    byte[] captured = Interop.bytes("mod_unimrcp/fs-mrcp-tts-mrcp-stream0-client-to-server.bin");
    SpeakRequest r =
        SpeakRequest.builder()
            .text("Hello from FreeSWITCH.")
            .params(SynthesizerParams.builder().voiceName("default").build())
            .build();
    assertThat(encode(r, "d40fde0fb5e545bf@speechsynth")).isEqualTo(captured);
  }

  @Test
  void parametersFollowContentTypeInTheOrderGiven() {
    SpeakRequest r =
        SpeakRequest.builder()
            .ssml("<speak/>")
            .params(
                SynthesizerParams.builder()
                    .voiceGender("FEMALE")
                    .voiceAge(30)
                    .voiceVariant(2)
                    .speechLanguage("en-GB")
                    .prosodyRate("fast")
                    .prosodyVolume("+10%")
                    .killOnBargeIn(true)
                    .voiceName("slt")
                    .build())
            .build();
    assertThat(new String(encode(r, "a@speechsynth"), StandardCharsets.UTF_8))
        .isEqualTo(
            "MRCP/2.0 284 SPEAK 1\r\n"
                + "Channel-Identifier: a@speechsynth\r\n"
                + "Content-Type: application/ssml+xml\r\n"
                + "Voice-Gender: female\r\n"
                + "Voice-Age: 30\r\n"
                + "Voice-Variant: 2\r\n"
                + "Speech-Language: en-GB\r\n"
                + "Prosody-Rate: fast\r\n"
                + "Prosody-Volume: +10%\r\n"
                + "Kill-On-Barge-In: true\r\n"
                + "Voice-Name: slt\r\n"
                + "Content-Length: 8\r\n\r\n<speak/>");
  }

  @Test
  void aUriListHasOneUriALine() {
    SpeakRequest r = SpeakRequest.builder().uris(List.of("http://a/1.ssml", "http://a/2")).build();
    assertThat(r.contentType()).isEqualTo("text/uri-list");
    assertThat(r.content()).isEqualTo("http://a/1.ssml\r\nhttp://a/2\r\n");
  }

  @Test
  void badInputIsRefusedWithTheProblemNamed() {
    assertThatThrownBy(() -> SpeakRequest.builder().content("text/html", "x"))
        .hasMessageContaining("text/plain, application/ssml+xml");
    assertThatThrownBy(() -> SpeakRequest.builder().text(""))
        .hasMessageContaining("nothing to speak");
    assertThatThrownBy(() -> SpeakRequest.builder().build()).hasMessageContaining("needs text");
    assertThatThrownBy(() -> SynthesizerParams.builder().voiceGender("robot"))
        .hasMessageContaining("male, female or neutral");
    assertThatThrownBy(() -> SynthesizerParams.builder().speechLanguage("en US"))
        .hasMessageContaining("language tag");
    assertThatThrownBy(() -> SynthesizerParams.builder().prosodyRate("fast\r\nX: y"))
        .hasMessageContaining("Prosody-Rate");
    assertThatThrownBy(() -> SynthesizerParams.builder().header("Content-Length", "1"))
        .hasMessageContaining("set by the client");
    assertThatThrownBy(() -> SpeakRequest.builder().timeout(Duration.ZERO))
        .hasMessageContaining("positive");
  }

  @Test
  void aRecordCarriesItsHeadersAndAudioWavUnlessToldOtherwise() {
    RecordRequest r =
        RecordRequest.builder()
            .recordUri("")
            .maxTime(Duration.ofSeconds(10))
            .finalSilence(Duration.ofMillis(800))
            .captureOnSpeech(true)
            .noInputTimeout(Duration.ofSeconds(5))
            .startInputTimers(false)
            .build();
    MrcpRequest m = r.message(ChannelId.parse("r1@recorder")).requestId(7).build();
    assertThat(new String(MrcpEncoder.encode(m), StandardCharsets.UTF_8))
        .isEqualTo(
            "MRCP/2.0 208 RECORD 7\r\n"
                + "Channel-Identifier: r1@recorder\r\n"
                + "Record-URI: \r\n"
                + "Max-Time: 10000\r\n"
                + "Final-Silence: 800\r\n"
                + "Capture-On-Speech: true\r\n"
                + "No-Input-Timeout: 5000\r\n"
                + "Start-Input-Timers: false\r\n"
                + "Media-Type: audio/wav\r\n\r\n");
    assertThat(RecordRequest.builder().mediaType("audio/x-wav").build().headers())
        .containsEntry("Media-Type", "audio/x-wav")
        .hasSize(1);
  }

  @Test
  void speechMarkersAndRecordUrisAreRead() {
    SpeechMarker m = SpeechMarker.parse("timestamp=857206027059;marker-1", 5, 250);
    assertThat(m.name()).isEqualTo("marker-1");
    assertThat(m.timestamp()).isEqualTo(857206027059L);
    assertThat(m.audioOffsetMillis()).isEqualTo(250);
    assertThat(SpeechMarker.parse("timestamp=1", 0, 0).name()).isEmpty();
    assertThat(SpeechMarker.parse("here", 0, 0).timestamp()).isEqualTo(-1);

    RecordResult r =
        RecordResult.of(
            io.mrcpj.core.message.MrcpEvent.builder()
                .name(io.mrcpj.core.message.MrcpEventName.RECORD_COMPLETE)
                .requestId(3)
                .state(io.mrcpj.core.message.RequestState.COMPLETE)
                .header("Completion-Cause", "000 success-silence")
                .header(
                    "Record-URI",
                    "<file://mediaserver/recordings/myfile.wav>;size=242552;duration=25432")
                .build(),
            false);
    assertThat(r.isSuccess()).isTrue();
    assertThat(r.recordUri()).isEqualTo("file://mediaserver/recordings/myfile.wav");
    assertThat(r.size()).isEqualTo(242552);
    assertThat(r.durationMillis()).isEqualTo(25432);
  }
}
