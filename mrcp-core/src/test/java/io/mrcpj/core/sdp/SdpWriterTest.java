package io.mrcpj.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpWriterTest {

  @Test
  void writesCanonicalOrderWithCrlf() throws Exception {
    SessionDescription sd =
        new SdpParser()
            .parse(
                "v=0\n"
                    + "o=u 1 2 IN IP4 h\n"
                    + "a=tool:x\n"
                    + "k=prompt\n"
                    + "t=1 2\n"
                    + "b=CT:128\n"
                    + "c=IN IP4 h\n"
                    + "i=info\n"
                    + "s=name\n"
                    + "y=unknown\n"
                    + "r=7d 1h 0\n"
                    + "m=audio 0 RTP/AVP 0\n"
                    + "a=inactive\n"
                    + "b=AS:1\n"
                    + "i=media info\n"
                    + "c=IN IP4 m\n");
    assertThat(SdpWriter.write(sd))
        .isEqualTo(
            "v=0\r\n"
                + "o=u 1 2 IN IP4 h\r\n"
                + "s=name\r\n"
                + "i=info\r\n"
                + "c=IN IP4 h\r\n"
                + "b=CT:128\r\n"
                + "t=1 2\r\n"
                + "r=7d 1h 0\r\n"
                + "k=prompt\r\n"
                + "a=tool:x\r\n"
                + "y=unknown\r\n"
                + "m=audio 0 RTP/AVP 0\r\n"
                + "i=media info\r\n"
                + "c=IN IP4 m\r\n"
                + "b=AS:1\r\n"
                + "a=inactive\r\n");
    assertThat(new String(SdpWriter.toBytes(sd), StandardCharsets.UTF_8))
        .isEqualTo(SdpWriter.write(sd));
    // out-of-order kept lines move to their RFC place once; from then on the output is stable
    String once = SdpWriter.write(sd);
    assertThat(SdpWriter.write(new SdpParser().parse(once))).isEqualTo(once);
  }

  @Test
  void builtModelCannotCarryLineBreaks() {
    assertThatThrownBy(() -> SdpAttribute.of("x", "a\r\nm=audio 1 RTP/AVP 0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SdpAttribute.property("a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SdpAttribute.property("a:b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SdpLine('X', "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaDescription.builder("audio", 70000, "RTP/AVP").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaDescription.builder("audio", 1, "RTP/AVP").addFormat("0 8"))
        .isInstanceOf(IllegalArgumentException.class);
    SdpOrigin o = SdpOrigin.of("u", "1", "1", "h");
    assertThatThrownBy(() -> SessionDescription.builder(o).sessionName("x\ny").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderCopiesAreIndependent() {
    MediaDescription m = MediaDescription.builder("audio", 4000, "RTP/AVP").addFormat("0").build();
    MediaDescription changed = m.toBuilder().port(0).addProperty("inactive").build();
    assertThat(m.port()).isEqualTo(4000);
    assertThat(m.attributes()).isEmpty();
    assertThat(changed.isDisabled()).isTrue();
    assertThat(changed).isNotEqualTo(m);
    assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
    assertThatThrownBy(() -> m.formats().add("8"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
