package io.mrcpj.server.resource.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.tts.spi.SpeechSegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakContentTest {

  private static SpeakContent.Parsed ssml(String body) throws SpeakContent.ParseFailure {
    return SpeakContent.parse("application/ssml+xml", body.getBytes(StandardCharsets.UTF_8));
  }

  private static SpeechSegment.Text text(String t) {
    return new SpeechSegment.Text(t);
  }

  @Test
  void plainTextIsOneSegmentWithNothingElse() throws Exception {
    SpeakContent.Parsed p =
        SpeakContent.parse("text/plain; charset=UTF-8", " Hello there \n".getBytes());
    assertThat(p.segments()).containsExactly(text("Hello there"));
    assertThat(p.language()).isEmpty();
    assertThat(p.audio()).isEmpty();
  }

  @Test
  void ssmlElementsBecomeTextPausesAndMarks() throws Exception {
    SpeakContent.Parsed p =
        ssml(
            """
            <speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-GB">
              <p><s>Your   balance</s><s>is <say-as interpret-as="cardinal">42</say-as></s></p>
              <break time="1.5s"/><sub alias="World Wide Web">WWW</sub><mark name="m1"/>
              <break strength="weak"/><desc>not said</desc>
              <prosody rate="slow" volume="loud">bye</prosody>
            </speak>""");
    assertThat(p.segments())
        .containsExactly(
            text("Your balance is 42"),
            new SpeechSegment.Pause(1500),
            text("World Wide Web"),
            new SpeechSegment.Mark("m1"),
            new SpeechSegment.Pause(250),
            text("bye"));
    assertThat(p.language()).contains("en-GB");
    assertThat(p.rate()).isPresent();
    assertThat(p.rate().orElseThrow()).isLessThan(1.0);
    assertThat(p.volume().orElseThrow()).isGreaterThan(1.0);
  }

  @Test
  void audioWithASourceIsAClipInPlaceWithItsContentAsTheFallback() throws Exception {
    SpeakContent.Parsed p =
        ssml(
            """
            <speak>one <audio src="welcome.wav">hello <mark name="in"/>caller</audio> two
              <audio src="a.wav"/><audio>said anyway</audio>
              <audio src="b.wav"><audio src="nested.wav">inner</audio></audio></speak>""");
    assertThat(p.segments()).containsExactly(text("one"), text("two"), text("said anyway"));
    assertThat(p.audio())
        .containsExactly(
            new SpeakContent.Audio(
                1,
                "welcome.wav",
                List.of(text("hello"), new SpeechSegment.Mark("in"), text("caller"))),
            new SpeakContent.Audio(2, "a.wav", List.of()),
            new SpeakContent.Audio(3, "b.wav", List.of(text("inner"))));
    assertThat(p.fallbacksOnly().segments())
        .containsExactly(
            text("one"),
            text("hello"),
            new SpeechSegment.Mark("in"),
            text("caller"),
            text("two"),
            text("said anyway"),
            text("inner"));
    assertThat(p.fallbacksOnly().audio()).isEmpty();
    assertThat(p.with(List.of(text("x"))).language()).isEqualTo(p.language());
  }

  @Test
  void tooManyClipsOrSegmentsAndBadMarkupAreParseFailures() {
    String clips = "<audio src=\"x.wav\"/>".repeat(SpeakContent.MAX_AUDIO + 1);
    assertThatThrownBy(() -> ssml("<speak>" + clips + "</speak>"))
        .isInstanceOf(SpeakContent.ParseFailure.class)
        .hasMessageContaining("<audio> clips");
    String marks = "<mark name=\"m\"/>".repeat(SpeakContent.MAX_SEGMENTS + 1);
    assertThatThrownBy(() -> ssml("<speak>" + marks + "</speak>"))
        .isInstanceOf(SpeakContent.ParseFailure.class)
        .hasMessageContaining("pieces of speech");
    assertThatThrownBy(() -> ssml("<speak><break time=\"soon\"/></speak>"))
        .hasMessageContaining("250ms or 1.5s");
    assertThatThrownBy(() -> ssml("<speak><break strength=\"huge\"/></speak>"))
        .hasMessageContaining("not an SSML strength");
    assertThatThrownBy(() -> ssml("<speak><mark/></speak>")).hasMessageContaining("without a name");
    assertThatThrownBy(() -> ssml("<voice>hi</voice>")).hasMessageContaining("not <speak>");
    assertThatThrownBy(() -> ssml("<speak><s>open</speak>"))
        .hasMessageContaining("not well-formed");
    assertThatThrownBy(
            () ->
                ssml(
                    "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY x SYSTEM"
                        + " \"file:///etc/passwd\">]><speak>&x;</speak>"))
        .isInstanceOf(SpeakContent.ParseFailure.class);
  }

  @Test
  void uriListsAndDocumentKindsAreRecognised() throws Exception {
    assertThat(SpeakContent.uris("# c\r\nhttp://a/x.wav\r\n\r\nfile:///b.ssml\n".getBytes()))
        .containsExactly("http://a/x.wav", "file:///b.ssml");
    assertThatThrownBy(() -> SpeakContent.uris("# only a comment\n".getBytes()))
        .isInstanceOf(SpeakContent.ParseFailure.class);
    assertThat(SpeakContent.sniff("x", "RIFF....WAVEfmt ".getBytes()))
        .isEqualTo(SpeakContent.Kind.WAV);
    assertThat(SpeakContent.sniff("song.mp3", "ID3".getBytes())).isEqualTo(SpeakContent.Kind.OTHER);
    assertThat(SpeakContent.sniff("a.ssml", " <speak/>".getBytes()))
        .isEqualTo(SpeakContent.Kind.SSML);
    assertThat(SpeakContent.sniff("a.txt", "hi".getBytes())).isEqualTo(SpeakContent.Kind.TEXT);
    assertThat(SpeakContent.sniff("a", new byte[] {(byte) 0xff, (byte) 0xfe, 0}))
        .isEqualTo(SpeakContent.Kind.OTHER);
  }
}
