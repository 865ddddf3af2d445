package io.mrcpj.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartTest {

  private static final String TYPE = "multipart/mixed; boundary=\"break\"";

  @Test
  void readsPartsWithTheirHeadersAndExactBodies() {
    String body =
        "preamble\r\n--break\r\nContent-Type: application/srgs+xml\r\nContent-ID: <g1@x>\r\n\r\n"
            + "<grammar/>\r\n--break\r\ncontent-type: text/uri-list\r\n\r\nsession:g0@x\r\n"
            + "builtin:grammar/boolean\r\n--break--\r\nepilogue";
    List<Multipart.Part> parts = Multipart.parse(TYPE, body.getBytes(StandardCharsets.UTF_8));
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).contentType()).isEqualTo("application/srgs+xml");
    assertThat(parts.get(0).header("content-id")).contains("<g1@x>");
    assertThat(parts.get(0).bodyAsString()).isEqualTo("<grammar/>");
    assertThat(parts.get(1).contentType()).isEqualTo("text/uri-list");
    assertThat(parts.get(1).bodyAsString()).isEqualTo("session:g0@x\r\nbuiltin:grammar/boolean");
  }

  @Test
  void writesWhatItReads() {
    List<Multipart.Part> parts =
        List.of(
            new Multipart.Part(Map.of("Content-Type", "text/uri-list"), "session:a".getBytes()),
            new Multipart.Part(
                Map.of("Content-Type", "application/srgs"), "#ABNF 1.0;".getBytes()));
    byte[] written = Multipart.write("b0und", parts);
    List<Multipart.Part> back = Multipart.parse("multipart/mixed;boundary=b0und", written);
    assertThat(back).hasSize(2);
    assertThat(back.get(1).bodyAsString()).isEqualTo("#ABNF 1.0;");
  }

  @Test
  void malformedBodiesAreRefusedSayingWhy() {
    assertThatThrownBy(() -> Multipart.parse("multipart/mixed", "x".getBytes()))
        .hasMessageContaining("without a boundary");
    assertThatThrownBy(
            () -> Multipart.parse(TYPE, "--break\r\nContent-Type: text/plain\r\n\r\nx".getBytes()))
        .hasMessageContaining("closing boundary");
    assertThatThrownBy(
            () -> Multipart.parse(TYPE, "--break\r\nbad header\r\n\r\nx\r\n--break--".getBytes()))
        .hasMessageContaining("Name: value");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= Multipart.MAX_PARTS; i++) {
      many.append("--break\r\n\r\nx\r\n");
    }
    many.append("--break--");
    assertThatThrownBy(() -> Multipart.parse(TYPE, many.toString().getBytes()))
        .hasMessageContaining("more than");
    assertThat(Multipart.isMixed("Multipart/Mixed; boundary=x")).isTrue();
  }
}
