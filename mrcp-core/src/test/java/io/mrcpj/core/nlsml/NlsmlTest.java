package io.mrcpj.core.nlsml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpParser;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NlsmlTest {

  /** The NLSML bodies of every RECOGNITION-COMPLETE UniMRCP's server sent. */
  static List<String> uniMrcpResults() {
    List<String> out = new ArrayList<>();
    for (String f :
        List.of(
            "unimrcp/recog-mrcp-stream0-server-to-client.bin",
            "unimrcp/asrclient-mrcp-stream0-server-to-client.bin",
            "mod_unimrcp/fs-mrcp-recog-mrcp-stream0-server-to-client.bin")) {
      for (Object o : MrcpParser.parseAll(Interop.bytes(f), MrcpDecoderConfig.DEFAULT)) {
        if (o instanceof MrcpEvent e && e.name().equals(MrcpEventName.RECOGNITION_COMPLETE)) {
          assertThat(NlsmlResult.isNlsml(e.headers().get("Content-Type").orElse(""))).isTrue();
          out.add(e.bodyAsString());
        }
      }
    }
    return out;
  }

  @Test
  void readsEveryResultUniMrcpSent() throws Exception {
    List<String> bodies = uniMrcpResults();
    assertThat(bodies).hasSize(3);
    for (String body : bodies) {
      NlsmlResult r = NlsmlReader.read(body);
      assertThat(r.best().mode()).isEqualTo(InputMode.SPEECH);
      assertThat(r.best().status()).isEqualTo(InputStatus.MATCH);
      assertThat(r.best().confidence()).isBetween(0.0f, 1.0f);
      assertThat(r.best().input()).isNotEmpty();
    }
    NlsmlResult first = NlsmlReader.read(bodies.get(0));
    assertThat(first.best().grammar()).isEqualTo("session:request1@form-level.store");
    assertThat(first.best().confidence()).isEqualTo(0.97f);
    assertThat(first.best().instance()).isEqualTo("one");
  }

  @Test
  void readsTheNlsmlFreeSwitchDeliveredInDetectedSpeechEvents() throws Exception {
    String plain =
        new String(
            Interop.bytes("freeswitch/detected-speech-plain.s2c.esl"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("Content-Length: (\\d+)\n\n(<\\?xml)").matcher(plain);
    int found = 0;
    while (m.find()) {
      int len = Integer.parseInt(m.group(1));
      String body = plain.substring(m.start(2), m.start(2) + len);
      NlsmlResult r = NlsmlReader.read(body);
      assertThat(r.best().input()).isEqualTo("one");
      found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(1);
  }

  @Test
  void writtenNBestReadsBackEqual() throws Exception {
    NlsmlResult r =
        new NlsmlResult(
            "session:g1",
            List.of(
                Interpretation.of("session:g1", 0.87f, "yes", "yes", InputMode.SPEECH),
                Interpretation.of(
                    "session:g1", 0.10f, "yes & <no>", "yes and no", InputMode.SPEECH)));
    String xml = NlsmlWriter.write(r);
    assertThat(xml)
        .contains("xmlns=\"urn:ietf:params:xml:ns:mrcpv2\"")
        .contains("confidence=\"0.87\"")
        .contains("yes &amp; &lt;no&gt;");
    NlsmlResult back = NlsmlReader.read(xml);
    assertThat(back).isEqualTo(r);
  }

  @Test
  void dtmfNoInputAndNoMatchShapesRoundTrip() throws Exception {
    NlsmlResult dtmf =
        new NlsmlResult(
            null,
            List.of(Interpretation.of("builtin:dtmf/digits", 1f, "1234", "1234", InputMode.DTMF)));
    assertThat(NlsmlWriter.write(dtmf)).contains("<input mode=\"dtmf\">1234</input>");
    assertThat(NlsmlReader.read(NlsmlWriter.write(dtmf))).isEqualTo(dtmf);

    NlsmlResult noInput = NlsmlResult.noInput("session:g", InputMode.SPEECH);
    assertThat(NlsmlWriter.write(noInput)).contains("<noinput/>").doesNotContain("<instance>");
    assertThat(NlsmlReader.read(NlsmlWriter.write(noInput)).best().status())
        .isEqualTo(InputStatus.NOINPUT);

    NlsmlResult noMatch = NlsmlResult.noMatch("session:g", "purple monkey", InputMode.SPEECH);
    NlsmlResult back = NlsmlReader.read(NlsmlWriter.write(noMatch));
    assertThat(back.best().status()).isEqualTo(InputStatus.NOMATCH);
    assertThat(back.best().input()).isEqualTo("purple monkey");
  }

  @Test
  void readsLegacyPercentConfidencesXmlInstancesAndMissingModes() throws Exception {
    NlsmlResult r =
        NlsmlReader.read(
            """
            <?xml version="1.0"?>
            <result grammar="g">
              <interpretation confidence="85">
                <instance><city>Boston</city><state code="MA"/></instance>
                <input>to boston</input>
              </interpretation>
            </result>""");
    Interpretation i = r.best();
    assertThat(i.confidence()).isEqualTo(0.85f);
    assertThat(i.grammar()).isEqualTo("g");
    assertThat(i.instanceXml()).isTrue();
    assertThat(i.instance()).isEqualTo("<city>Boston</city><state code=\"MA\"/>");
    assertThat(i.mode()).isEqualTo(InputMode.SPEECH);
    assertThat(NlsmlWriter.write(r))
        .contains("<instance><city>Boston</city><state code=\"MA\"/></instance>");
  }

  @Test
  void refusesXxeAndEntityExpansion() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<result><interpretation><input>&x;</input></interpretation></result>";
    String bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<result><interpretation><input>&b;</input></interpretation></result>";
    assertThatThrownBy(() -> NlsmlReader.read(xxe)).isInstanceOf(NlsmlParseException.class);
    assertThatThrownBy(() -> NlsmlReader.read(bomb)).isInstanceOf(NlsmlParseException.class);
  }

  @Test
  void badInputIsANamedParseError() {
    assertThatThrownBy(() -> NlsmlReader.read("<result><interpretation>"))
        .isInstanceOf(NlsmlParseException.class)
        .hasMessageContaining("line");
    assertThatThrownBy(() -> NlsmlReader.read("<speak/>"))
        .isInstanceOf(NlsmlParseException.class)
        .hasMessageContaining("<speak>");
    assertThatThrownBy(() -> NlsmlReader.read("<result/>"))
        .isInstanceOf(NlsmlParseException.class)
        .hasMessageContaining("no <interpretation>");
    assertThatThrownBy(
            () -> NlsmlReader.read("<result><interpretation confidence=\"high\"/></result>"))
        .isInstanceOf(NlsmlParseException.class)
        .hasMessageContaining("confidence");
    assertThatThrownBy(() -> NlsmlReader.read("x".repeat(NlsmlReader.MAX_BYTES + 1)))
        .isInstanceOf(NlsmlParseException.class)
        .hasMessageContaining("larger than");
  }
}
