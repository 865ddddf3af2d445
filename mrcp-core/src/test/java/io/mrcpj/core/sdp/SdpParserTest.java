package io.mrcpj.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpParserTest {

  private final SdpParser parser = new SdpParser();

  @Test
  void everyCaptureBodyParsesAndRoundTrips() throws Exception {
    List<Path> files = SipCaptures.all();
    assertThat(files).hasSizeGreaterThanOrEqualTo(24);
    int bodies = 0;
    for (Path f : files) {
      byte[] body = SipCaptures.body(Interop.bytes(root(f)));
      if (body.length == 0) {
        continue; // 100 Trying, ACK, BYE carry no SDP
      }
      bodies++;
      SessionDescription sd = parser.parse(body);
      assertThat(sd.media()).as(f.toString()).hasSize(2);
      String written = SdpWriter.write(sd);
      assertThat(parser.parse(written)).as(f.toString()).isEqualTo(sd);
      // UniMRCP and FreeSWITCH already write canonical SDP: the bytes come back unchanged
      assertThat(written).as(f.toString()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }
    assertThat(bodies).isEqualTo(10); // INVITE + 200 OK of five calls
  }

  private static String root(Path f) {
    return Interop.root().relativize(f).toString();
  }

  @Test
  void readsTheFieldsOfUniMrcpsOffer() throws Exception {
    SessionDescription sd = SipCaptures.parse("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    assertThat(sd.origin().username()).isEqualTo("UniMRCPClient");
    assertThat(sd.origin().sessionId()).isEqualTo("1269820311065456328");
    assertThat(sd.sessionName()).isEqualTo("-");
    assertThat(sd.connection()).contains(new SdpConnection("IN", "IP4", "127.0.0.1"));
    assertThat(sd.timing()).isEqualTo("0 0");
    MediaDescription control = sd.media().get(0);
    assertThat(control.media()).isEqualTo("application");
    assertThat(control.port()).isEqualTo(9);
    assertThat(control.proto()).isEqualTo("TCP/MRCPv2");
    assertThat(control.formats()).containsExactly("1");
    assertThat(control.attributes())
        .containsExactly(
            SdpAttribute.of("setup", "active"),
            SdpAttribute.of("connection", "new"),
            SdpAttribute.of("resource", "speechrecog"),
            SdpAttribute.of("cmid", "1"));
    MediaDescription audio = sd.media().get(1);
    assertThat(audio.formats()).containsExactly("0", "8", "9", "96", "101");
    assertThat(audio.attributes()).contains(SdpAttribute.property("sendonly"));
  }

  @Test
  void lenientInput() throws Exception {
    String text =
        "v=0  \n"
            + "o=- 1 2 IN IP4 10.0.0.1\n"
            + "\n"
            + "c=IN IP4 10.0.0.1\t\n"
            + "x=vendor line\n"
            + "a=X-vendor:anything at all\n"
            + "m=application 9 TCP/MRCPv2\r\n"
            + "i=control\n"
            + "a=resource:speechrecog\n"
            + "a=weird\n";
    SessionDescription sd = parser.parse(text);
    assertThat(sd.sessionName()).isEqualTo("-");
    assertThat(sd.timing()).isEqualTo("0 0");
    assertThat(sd.connection().orElseThrow().address()).isEqualTo("10.0.0.1");
    assertThat(sd.otherLines()).containsExactly(new SdpLine('x', "vendor line"));
    assertThat(sd.attributes()).containsExactly(SdpAttribute.of("X-vendor", "anything at all"));
    MediaDescription m = sd.media().get(0);
    assertThat(m.formats()).isEmpty();
    assertThat(m.otherLines()).containsExactly(new SdpLine('i', "control"));
    assertThat(m.attributes())
        .containsExactly(
            SdpAttribute.of("resource", "speechrecog"), SdpAttribute.property("weird"));
    assertThat(parser.parse(SdpWriter.write(sd))).isEqualTo(sd);
  }

  @Test
  void portCountAndMediaConnection() throws Exception {
    SessionDescription sd =
        parser.parse("v=0\no=- 1 1 IN IP6 ::1\nm=audio 4000/2 RTP/AVP 0\nc=IN IP6 ::1\nb=AS:64\n");
    MediaDescription m = sd.media().get(0);
    assertThat(m.portCount()).isEqualTo(2);
    assertThat(m.connection().orElseThrow().addrType()).isEqualTo("IP6");
    assertThat(m.bandwidths()).containsExactly("AS:64");
    assertThat(SdpWriter.write(sd))
        .contains("m=audio 4000/2 RTP/AVP 0\r\nc=IN IP6 ::1\r\nb=AS:64\r\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|1",
        "o=- 1 1 IN IP4 h|1",
        "v=1|1",
        "v=0\\nv=0|2",
        "v=0\\no=- 1 1 IN IP4|2",
        "v=0\\no=- 1 1 IN IP4 h\\nc=IN IP4|3",
        "v=0\\no=- 1 1 IN IP4 h\\nm=audio|3",
        "v=0\\no=- 1 1 IN IP4 h\\nm=audio 70000 RTP/AVP 0|3",
        "v=0\\no=- 1 1 IN IP4 h\\nm=audio -1 RTP/AVP 0|3",
        "v=0\\no=- 1 1 IN IP4 h\\nm=audio 4000/0 RTP/AVP 0|3",
        "v=0\\no=- 1 1 IN IP4 h\\nm=audio x RTP/AVP 0|3",
        "v=0\\no=- 1 1 IN IP4 h\\n\\nnot a line|4",
        "v=0\\no=- 1 1 IN IP4 h\\nA=upper|3",
        "v=0\\no=- 1 1 IN IP4 h\\na=|3",
        "v=0\\no=- 1 1 IN IP4 h\\na=bad name:x|3",
        "v=0\\no=- 1 1 IN IP4 h\\nb=nocolon|3",
        "v=0\\ns=no origin|2",
        "v=0\\nm=audio 0 RTP/AVP 0|2",
        "v=0\\no=- 1 1 IN IP4 h\\no=- 1 1 IN IP4 h|3",
        "v=0\\no=- 1 1 IN IP4 h\\na=nul\u0000:x|3",
        "v=0\\no=- 1 1 IN IP4 h\\n=|3",
      })
  void malformedInputNamesTheLine(String escaped, int line) {
    String text = escaped.replace("\\n", "\n");
    assertThatThrownBy(() -> parser.parse(text))
        .isInstanceOf(SdpParseException.class)
        .satisfies(e -> assertThat(((SdpParseException) e).lineNumber()).isEqualTo(line))
        .hasMessageStartingWith("SDP line " + line + ":");
  }

  @Test
  void limitsAreEnforced() {
    SdpParser small = new SdpParser(100, 5, 1);
    assertThatThrownBy(() -> small.parse(new byte[101]))
        .isInstanceOf(SdpParseException.class)
        .hasMessageContaining("exceeds 100");
    assertThatThrownBy(() -> small.parse("v=0\no=- 1 1 IN IP4 h\na=1\na=2\na=3\na=4\n"))
        .isInstanceOf(SdpParseException.class)
        .satisfies(e -> assertThat(((SdpParseException) e).lineNumber()).isEqualTo(6));
    assertThatThrownBy(
            () -> small.parse("v=0\no=- 1 1 IN IP4 h\nm=audio 1 RTP/AVP 0\nm=audio 2 RTP/AVP 0\n"))
        .isInstanceOf(SdpParseException.class)
        .hasMessageContaining("more than 1 media");
    assertThatThrownBy(() -> new SdpParser().parse((byte[]) null))
        .isInstanceOf(SdpParseException.class);
  }

  @Test
  void mutatedCapturesThrowOnlySdpParseException() throws Exception {
    byte[] seed = SipCaptures.body("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    byte[] alphabet = "v=om ac:/@0129\r\n\t \u0000xyz-".getBytes(StandardCharsets.ISO_8859_1);
    Random random = new Random(6787);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = seed.clone();
      int edits = 1 + random.nextInt(8);
      for (int e = 0; e < edits; e++) {
        b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      int cut = random.nextInt(b.length + 1);
      byte[] input = java.util.Arrays.copyOf(b, cut);
      try {
        SessionDescription sd = parser.parse(input);
        // whatever parsed must be writable and stable
        assertThat(parser.parse(SdpWriter.write(sd)).media()).hasSameSizeAs(sd.media());
      } catch (SdpParseException expected) {
        assertThat(expected.lineNumber()).isPositive();
      }
    }
  }
}
