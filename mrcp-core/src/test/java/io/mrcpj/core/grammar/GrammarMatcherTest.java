package io.mrcpj.core.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.grammar.GrammarMatcher.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GrammarMatcherTest {

  private static GrammarMatcher xml(String body) throws Exception {
    return GrammarMatcher.compile(
        SrgsXmlParser.parse(
            ("<?xml version=\"1.0\"?><grammar xmlns=\"http://www.w3.org/2001/06/grammar\""
                    + " version=\"1.0\" "
                    + body)
                .getBytes(StandardCharsets.UTF_8)));
  }

  private static GrammarMatcher abnf(String text) throws Exception {
    return GrammarMatcher.compile(SrgsAbnfParser.parse(text));
  }

  @Test
  void wordsMatchWholeSentencesPrefixesOrNothing() throws Exception {
    GrammarMatcher m =
        xml(
            "root=\"r\"><rule id=\"r\"><one-of><item>new york</item><item>boston</item></one-of>"
                + "</rule></grammar>");
    assertThat(m.match("New York").status()).isEqualTo(Status.COMPLETE);
    assertThat(m.match("new york").semantic().text()).isEqualTo("new york");
    assertThat(m.match("new").status()).isEqualTo(Status.PREFIX);
    assertThat(m.match("new").canExtend()).isTrue();
    assertThat(m.match("boston").canExtend()).isFalse();
    assertThat(m.match("chicago").status()).isEqualTo(Status.NONE);
    assertThat(m.match("boston boston").status()).isEqualTo(Status.NONE);
    assertThat(m.match("").status()).isEqualTo(Status.PREFIX);
  }

  @Test
  void dtmfRepeatsMatchAnyLengthWithinTheirBounds() throws Exception {
    GrammarMatcher pin =
        xml(
            "mode=\"dtmf\" root=\"pin\"><rule id=\"pin\"><item repeat=\"4\"><ruleref uri=\"#d\"/>"
                + "</item></rule><rule id=\"d\"><one-of><item>0</item><item>1</item><item>2</item>"
                + "<item>3</item><item>4</item><item>5</item><item>6</item><item>7</item>"
                + "<item>8</item><item>9</item></one-of></rule></grammar>");
    assertThat(pin.matchKeys("12").status()).isEqualTo(Status.PREFIX);
    GrammarMatcher.Match four = pin.matchKeys("1234");
    assertThat(four.status()).isEqualTo(Status.COMPLETE);
    assertThat(four.canExtend()).as("no fifth digit in a 4-digit PIN").isFalse();
    assertThat(pin.matchKeys("12345").status()).isEqualTo(Status.NONE);
    assertThat(pin.matchKeys("12#").status()).isEqualTo(Status.NONE);

    GrammarMatcher any = abnf("#ABNF 1.0; mode dtmf; root $n; $n = (0|1|2|3|4|5|6|7|8|9)<1->;");
    String thirty = "123456789012345678901234567890";
    assertThat(any.matchKeys(thirty).status()).isEqualTo(Status.COMPLETE);
    assertThat(any.matchKeys(thirty).canExtend()).isTrue();
  }

  @Test
  void literalTagsAndSlotsBecomeTheInstance() throws Exception {
    GrammarMatcher m =
        xml(
            "root=\"r\" tag-format=\"semantics/1.0-literals\"><rule id=\"r\"><one-of>"
                + "<item>yes<tag>out=\"true\"</tag></item>"
                + "<item>fly to <ruleref uri=\"#city\"/></item></one-of></rule>"
                + "<rule id=\"city\"><one-of><item>boston<tag>out.city='BOS'; out.country=\"US\""
                + "</tag></item><item>paris<tag>out.city=\"CDG&amp;ORY\"</tag></item></one-of>"
                + "</rule></grammar>");
    assertThat(m.match("yes").semantic()).isEqualTo(new Semantics.Value("true", false));
    assertThat(m.match("fly to boston").semantic())
        .isEqualTo(new Semantics.Value("<city>BOS</city><country>US</country>", true));
    assertThat(m.match("fly to paris").semantic().text()).isEqualTo("<city>CDG&amp;ORY</city>");
  }

  @Test
  void theEarlierAlternativeWinsAndWeightsMultiply() throws Exception {
    GrammarMatcher m =
        xml(
            "root=\"r\"><rule id=\"r\"><one-of><item weight=\"3\">ok<tag>first</tag></item>"
                + "<item weight=\"1\">ok<tag>second</tag></item></one-of></rule></grammar>");
    GrammarMatcher.Match ok = m.match("ok");
    assertThat(ok.semantic().text()).isEqualTo("first");
    assertThat(ok.weight()).isEqualTo(0.75);
  }

  @Test
  void garbageMatchesAnyWordsAndVoidNothing() throws Exception {
    GrammarMatcher m = abnf("#ABNF 1.0; root $r; $r = call $GARBAGE | never $VOID;");
    assertThat(m.match("call my mother now").status()).isEqualTo(Status.COMPLETE);
    assertThat(m.match("call").status()).isEqualTo(Status.PREFIX);
    assertThat(m.match("never").status()).isEqualTo(Status.PREFIX);
    assertThat(m.match("never").canExtend()).isFalse();
  }

  @Test
  void recursionAndOversizeAreRefusedWithAClearError() throws Exception {
    assertThatThrownBy(() -> abnf("#ABNF 1.0; root $a; $a = x $a | y;"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("refers to itself");
    StringBuilder big = new StringBuilder("#ABNF 1.0; root $r; $w = (");
    for (int i = 0; i < 2000; i++) {
      big.append(i == 0 ? "" : "|").append("w").append(i);
    }
    big.append(
        "); $r = $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w $w"
            + " $w $w $w $w $w $w $w $w;");
    assertThatThrownBy(() -> abnf(big.toString()))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("too large");
  }
}
