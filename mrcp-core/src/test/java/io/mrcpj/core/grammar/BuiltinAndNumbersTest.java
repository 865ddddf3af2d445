package io.mrcpj.core.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.grammar.GrammarMatcher.Status;
import org.junit.jupiter.api.Test;

class BuiltinAndNumbersTest {

  @Test
  void spokenDigitsAndNumbersAreRead() {
    assertThat(EnglishNumbers.digits("four five six one")).isEqualTo("4561");
    assertThat(EnglishNumbers.digits("oh seven 3")).isEqualTo("073");
    assertThat(EnglishNumbers.digits("four five six hundred")).isNull();
    assertThat(EnglishNumbers.number("two hundred and five point five")).isEqualTo("205.5");
    assertThat(EnglishNumbers.number("minus twelve")).isEqualTo("-12");
    assertThat(EnglishNumbers.number("one thousand two hundred thirty four")).isEqualTo("1234");
    assertThat(EnglishNumbers.number("a hundred")).isEqualTo("100");
    assertThat(EnglishNumbers.number("three million")).isEqualTo("3000000");
    assertThat(EnglishNumbers.number("1,250")).isEqualTo("1250");
    assertThat(EnglishNumbers.number("twenty twenty")).isNull();
    assertThat(EnglishNumbers.number("five five")).isNull();
    assertThat(EnglishNumbers.number("hello")).isNull();
    assertThat(EnglishNumbers.number("point")).isNull();
  }

  @Test
  void dtmfDigitsByLength() throws Exception {
    BuiltinGrammar four = BuiltinGrammar.parse("builtin:dtmf/digits?length=4");
    assertThat(four.acceptsDtmf()).isTrue();
    assertThat(four.acceptsSpeech()).isFalse();
    assertThat(four.matchDtmf("12").status()).isEqualTo(Status.PREFIX);
    GrammarMatcher.Match done = four.matchDtmf("1234");
    assertThat(done.status()).isEqualTo(Status.COMPLETE);
    assertThat(done.canExtend()).isFalse();
    assertThat(done.semantic().text()).isEqualTo("1234");
    assertThat(four.matchDtmf("12345").status()).isEqualTo(Status.NONE);
    assertThat(four.matchDtmf("12#").status()).isEqualTo(Status.NONE);

    BuiltinGrammar range = BuiltinGrammar.parse("builtin:dtmf/digits?minlength=2;maxlength=3");
    assertThat(range.matchDtmf("12").canExtend()).isTrue();
    assertThat(range.matchDtmf("123").canExtend()).isFalse();
  }

  @Test
  void booleanTakesWordsAndKeys() throws Exception {
    BuiltinGrammar fs = BuiltinGrammar.parse("builtin:grammar/boolean");
    assertThat(fs.acceptsSpeech()).isTrue();
    assertThat(fs.acceptsDtmf()).isTrue();
    assertThat(fs.matchSpeech("Yes").semantic().text()).isEqualTo("true");
    assertThat(fs.matchSpeech("nope").semantic().text()).isEqualTo("false");
    assertThat(fs.matchSpeech("perhaps").status()).isEqualTo(Status.NONE);
    assertThat(fs.matchDtmf("1").semantic().text()).isEqualTo("true");
    assertThat(fs.matchDtmf("2").semantic().text()).isEqualTo("false");
    assertThat(fs.matchDtmf("3").status()).isEqualTo(Status.NONE);
    BuiltinGrammar keys = BuiltinGrammar.parse("builtin:dtmf/boolean?y=7;n=9");
    assertThat(keys.matchDtmf("7").semantic().text()).isEqualTo("true");
    assertThat(keys.matchDtmf("1").status()).isEqualTo(Status.NONE);
  }

  @Test
  void speechDigitsAndNumbers() throws Exception {
    BuiltinGrammar digits = BuiltinGrammar.parse("builtin:speech/digits?minlength=4");
    assertThat(digits.matchSpeech("four five six one").semantic().text()).isEqualTo("4561");
    assertThat(digits.matchSpeech("four five").status()).isEqualTo(Status.PREFIX);
    assertThat(digits.matchSpeech("call me").status()).isEqualTo(Status.NONE);
    BuiltinGrammar number = BuiltinGrammar.parse("builtin:speech/number");
    assertThat(number.matchSpeech("forty two").semantic().text()).isEqualTo("42");
    BuiltinGrammar dtmfNumber = BuiltinGrammar.parse("builtin:dtmf/number");
    assertThat(dtmfNumber.matchDtmf("12*5").semantic().text()).isEqualTo("12.5");
    assertThat(dtmfNumber.matchDtmf("12*").status()).isEqualTo(Status.PREFIX);
    assertThat(dtmfNumber.matchDtmf("1*2*3").status()).isEqualTo(Status.NONE);
  }

  @Test
  void transcriptionTakesAnyWords() throws Exception {
    BuiltinGrammar t = BuiltinGrammar.parse("builtin:speech/transcribe");
    assertThat(t.matchSpeech("anything at all").semantic().text()).isEqualTo("anything at all");
    assertThat(t.matchSpeech(" ").status()).isEqualTo(Status.NONE);
  }
}
