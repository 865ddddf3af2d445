package io.mrcpj.core.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpParser;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrammarTest {

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> texts(Grammar g) throws GrammarException {
    return PhraseExpander.defaults().expand(g).phrases().stream().map(Phrase::text).toList();
  }

  @Test
  void readsTheGrammarsUniMrcpClientsDefine() throws Exception {
    for (String capture :
        List.of(
            "unimrcp/recog-mrcp-stream0-client-to-server.bin",
            "unimrcp/asrclient-mrcp-stream0-client-to-server.bin")) {
      MrcpRequest define =
          MrcpParser.parseAll(Interop.bytes(capture), MrcpDecoderConfig.DEFAULT).stream()
              .map(MrcpRequest.class::cast)
              .filter(r -> r.method().equals(MrcpMethod.DEFINE_GRAMMAR))
              .findFirst()
              .orElseThrow();
      Grammar g = SrgsXmlParser.parse(define.body());
      assertThat(g.root()).isEqualTo("digit");
      assertThat(g.language()).isEqualTo("en-US");
      assertThat(g.mode()).isEqualTo(Grammar.Mode.VOICE);
      assertThat(texts(g)).as(capture).containsExactly("one", "two", "three");
    }
  }

  static final String YES_NO_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" root="answer"
               xml:lang="en-US" tag-format="semantics/1.0-literals">
        <rule id="answer" scope="public">
          <ruleref uri="#polite"/>
          <one-of>
            <item weight="3">yes <tag>out="true"</tag></item>
            <item weight="1"><token>of course</token><tag>out="true"</tag></item>
            <item>no<tag>out='false'</tag></item>
          </one-of>
          <item repeat="0-1">please</item>
        </rule>
        <rule id="polite"><one-of><item>well</item><item><ruleref special="NULL"/></item></one-of></rule>
      </grammar>""";

  static final String YES_NO_ABNF =
      """
      #ABNF 1.0 UTF-8;
      language en-US;
      mode voice;
      root $answer;
      tag-format <semantics/1.0-literals>;
      // comments are skipped
      public $answer = $polite (/3/ yes {out="true"} | /1/ "of course" {out="true"} | /1/ no {out='false'}) [please];
      $polite = well | $NULL; /* a block comment */
      """;

  @Test
  void theSameGrammarInXmlAndAbnfGivesTheSamePhrases() throws Exception {
    PhraseExpander.Result xml =
        PhraseExpander.defaults().expand(SrgsXmlParser.parse(utf8(YES_NO_XML)));
    PhraseExpander.Result abnf =
        PhraseExpander.defaults().expand(SrgsAbnfParser.parse(YES_NO_ABNF));
    assertThat(xml.phrases()).hasSize(12);
    assertThat(abnf.phrases()).containsExactlyInAnyOrderElementsOf(xml.phrases());
    assertThat(xml.match("Well, of course!"))
        .get()
        .satisfies(p -> assertThat(p.semantic()).isEqualTo("true"));
    assertThat(xml.match("no please"))
        .get()
        .satisfies(p -> assertThat(p.semantic()).isEqualTo("false"));
    assertThat(xml.match("maybe")).isEmpty();
    // weights: yes (3/5) outweighs no (1/5)
    Phrase yes = xml.match("yes").orElseThrow();
    Phrase no = xml.match("no").orElseThrow();
    assertThat(yes.weight()).isGreaterThan(no.weight());
  }

  @Test
  void dtmfGrammarsWithRepeatsExpandAndAreBounded() throws Exception {
    String abnf =
        """
        #ABNF 1.0;
        mode dtmf;
        root $pin;
        $digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
        public $pin = $digit <4> [#];
        """;
    Grammar g = SrgsAbnfParser.parse(abnf);
    assertThat(g.mode()).isEqualTo(Grammar.Mode.DTMF);
    PhraseExpander.Result all = PhraseExpander.defaults().expand(g);
    assertThat(all.phrases()).hasSize(10_000);
    assertThat(all.truncated()).isTrue(); // 20,000 paths, cut at 10,000
    PhraseExpander.Result small = new PhraseExpander(50, 3).expand(g);
    assertThat(small.phrases()).hasSize(50);
    assertThat(small.truncated()).isTrue();
  }

  @Test
  void unboundedRepeatsStopAtTheCap() throws Exception {
    Grammar g = SrgsAbnfParser.parse("#ABNF 1.0;\nroot $r;\n$r = go <1->;\n");
    PhraseExpander.Result r = new PhraseExpander(100, 2).expand(g);
    assertThat(r.phrases()).extracting(Phrase::text).containsExactly("go", "go go", "go go go");
    assertThat(r.truncated()).isTrue();
    Grammar opt =
        SrgsXmlParser.parse(
            utf8(
                "<grammar root=\"r\"><rule id=\"r\"><item repeat=\"2-3\" repeat-prob=\"0.5\">ha</item></rule></grammar>"));
    assertThat(texts(opt)).containsExactly("ha ha", "ha ha ha");
  }

  @Test
  void selfReferenceIsAnErrorNamingTheRuleAndPlace() throws Exception {
    Grammar g = SrgsAbnfParser.parse("#ABNF 1.0;\nroot $a;\n$a = x $b;\n$b = y | $a;\n");
    assertThatThrownBy(() -> PhraseExpander.defaults().expand(g))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("'a' refers to itself")
        .hasMessageContaining("line 4");
  }

  @Test
  void xmlErrorsNameLineAndColumn() {
    assertThatThrownBy(
            () ->
                SrgsXmlParser.parse(
                    utf8(
                        "<grammar root=\"a\">\n  <rule id=\"a\">\n    <item>x</rule>\n</grammar>")))
        .isInstanceOf(GrammarException.class)
        .satisfies(e -> assertThat(((GrammarException) e).line()).isEqualTo(3));
    assertThatThrownBy(
            () ->
                SrgsXmlParser.parse(
                    utf8(
                        "<grammar root=\"a\">\n<rule id=\"a\">\n<ruleref uri=\"#nope\"/>\n</rule></grammar>")))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("undefined rule 'nope'")
        .hasMessageContaining("line 3");
    assertThatThrownBy(
            () ->
                SrgsXmlParser.parse(utf8("<grammar root=\"zz\"><rule id=\"a\">x</rule></grammar>")))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("root rule 'zz'");
    assertThatThrownBy(
            () ->
                SrgsXmlParser.parse(
                    utf8(
                        "<grammar root=\"a\"><rule id=\"a\"><item repeat=\"3-1\">x</item></rule></grammar>")))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("bad repeat");
    assertThatThrownBy(
            () ->
                SrgsXmlParser.parse(
                    utf8(
                        "<grammar root=\"a\"><rule id=\"a\"><one-of>x<item>y</item></one-of></rule></grammar>")))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("one-of");
    assertThatThrownBy(() -> SrgsXmlParser.parse(utf8("<speak/>")))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("not <grammar>");
    assertThatThrownBy(
            () ->
                SrgsXmlParser.parse(
                    utf8("<grammar mode=\"smell\"><rule id=\"a\">x</rule></grammar>")))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("voice or dtmf");
  }

  @Test
  void abnfErrorsNameLineAndColumn() {
    assertThatThrownBy(() -> SrgsAbnfParser.parse("#ABNF 1.0;\nroot $a;\n$a = (x | y;\n"))
        .isInstanceOf(GrammarException.class)
        .satisfies(e -> assertThat(((GrammarException) e).line()).isEqualTo(3));
    assertThatThrownBy(() -> SrgsAbnfParser.parse("root $a; $a = x;"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("#ABNF");
    assertThatThrownBy(() -> SrgsAbnfParser.parse("#ABNF 1.0;\n$a = x <2-1>;\n"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("bad repeat");
    assertThatThrownBy(() -> SrgsAbnfParser.parse("#ABNF 1.0;\n$a = x $missing;\n"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("undefined rule 'missing'")
        .hasMessageContaining("column 8");
    assertThatThrownBy(() -> SrgsAbnfParser.parse("#ABNF 1.0;\n$a = x /* never closed\n"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("unclosed comment");
    assertThatThrownBy(() -> SrgsAbnfParser.parse("#ABNF 1.0;\n$a = ;\n"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("empty expansion");
    assertThatThrownBy(
            () ->
                SrgsAbnfParser.parse(
                    "#ABNF 1.0;\n$a = " + "(".repeat(100) + "x" + ")".repeat(100) + ";"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void xmlParserRefusesDoctypesAndDeepNesting() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE g [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<grammar root=\"a\"><rule id=\"a\">&x;</rule></grammar>";
    assertThatThrownBy(() -> SrgsXmlParser.parse(utf8(xxe))).isInstanceOf(GrammarException.class);
    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE g [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<grammar root=\"a\"><rule id=\"a\">&c;</rule></grammar>";
    assertThatThrownBy(() -> SrgsXmlParser.parse(utf8(laughs)))
        .isInstanceOf(GrammarException.class);
    String deep =
        "<grammar root=\"a\"><rule id=\"a\">"
            + "<item>".repeat(100)
            + "x"
            + "</item>".repeat(100)
            + "</rule></grammar>";
    assertThatThrownBy(() -> SrgsXmlParser.parse(utf8(deep)))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void externalReferencesParseButCannotBeExpanded() throws Exception {
    Grammar g =
        SrgsXmlParser.parse(
            utf8(
                "<grammar root=\"a\"><rule id=\"a\">call <ruleref uri=\"builtin:speech/transcribe\"/></rule></grammar>"));
    assertThatThrownBy(() -> PhraseExpander.defaults().expand(g))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("builtin:speech/transcribe");
  }

  @Test
  void builtinGrammarsAsClientsSendThem() throws Exception {
    BuiltinGrammar four = BuiltinGrammar.parse("builtin:dtmf/digits?length=4");
    assertThat(four.isDtmfDigits()).isTrue();
    assertThat(four.acceptsDigits("1234")).isTrue();
    assertThat(four.acceptsDigits("123")).isFalse();
    BuiltinGrammar range = BuiltinGrammar.parse("builtin:dtmf/digits?minlength=2;maxlength=3");
    assertThat(range.acceptsDigits("12")).isTrue();
    assertThat(range.acceptsDigits("1234")).isFalse();
    assertThat(BuiltinGrammar.parse("builtin:speech/transcribe").isTranscribe()).isTrue();
    BuiltinGrammar bool = BuiltinGrammar.parse("builtin:grammar/boolean");
    assertThat(bool.isBoolean()).isTrue();
    assertThat(bool.booleanPhrases()).extracting(Phrase::text).contains("yes", "no");
    assertThatThrownBy(() -> BuiltinGrammar.parse("session:foo"))
        .isInstanceOf(GrammarException.class);
    assertThatThrownBy(() -> BuiltinGrammar.parse("builtin:dtmf/digits?length=x"))
        .isInstanceOf(GrammarException.class)
        .satisfies(
            e ->
                assertThatThrownBy(
                        () -> BuiltinGrammar.parse("builtin:dtmf/digits?length=x").minLength())
                    .isInstanceOf(GrammarException.class));
    assertThatThrownBy(() -> BuiltinGrammar.parse("builtin:dtmf/digits?minlength=5;maxlength=2"))
        .isInstanceOf(GrammarException.class);
  }
}
