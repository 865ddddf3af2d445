package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.message.RecognizerCompletionCause;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GrammarsTest {

  @Test
  void uriListSkipsBlankLinesAndComments() throws Exception {
    assertThat(Grammars.uris("# a comment\r\n\r\nsession:a\r\n  builtin:speech/transcribe  \n"))
        .containsExactly("session:a", "builtin:speech/transcribe");
  }

  @Test
  void uriListIsBounded() {
    String many = "session:x\n".repeat(Grammars.MAX_URIS + 1);
    assertThatThrownBy(() -> Grammars.uris(many))
        .isInstanceOfSatisfying(
            Grammars.Failure.class,
            f -> assertThat(f.cause).isEqualTo(RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE));
  }

  @Test
  void sessionIdsLoseTheirAngleBrackets() {
    assertThat(Grammars.sessionId("session:<g1@example.com>")).contains("g1@example.com");
    assertThat(Grammars.sessionId("SESSION:g2")).contains("g2");
    assertThat(Grammars.sessionId("http://x/g")).isEmpty();
  }

  @Test
  void builtinSpeechIsTranscriptionExceptBoolean() throws Exception {
    assertThat(Grammars.builtin("builtin:speech/transcribe").transcribe()).isTrue();
    assertThat(Grammars.builtin("builtin:speech/anything-else").transcribe()).isTrue();
    Grammars.Compiled bool = Grammars.builtin("builtin:grammar/boolean");
    assertThat(bool.transcribe()).isFalse();
    assertThat(bool.phrases().match("nope").orElseThrow().semantic()).isEqualTo("false");
  }

  @Test
  void dtmfIsRefusedOnSpeechrecogForNow() {
    assertThatThrownBy(() -> Grammars.builtin("builtin:dtmf/digits?length=4"))
        .isInstanceOfSatisfying(
            Grammars.Failure.class,
            f -> {
              assertThat(f.status.code()).isEqualTo(407);
              assertThat(f.cause).isEqualTo(RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE);
            });
  }

  @Test
  void inlineAbnfExpandsToPhrasesWithTagValues() throws Exception {
    String abnf =
        "#ABNF 1.0;\nlanguage en-US;\ntag-format <semantics/1.0-literals>;\nroot $a;\n"
            + "public $a = yes {out=\"y\"} | no {out=\"n\"};";
    Grammars.Compiled g =
        Grammars.compileInline(
            Grammars.SRGS_ABNF, abnf.getBytes(StandardCharsets.UTF_8), "session:a");
    assertThat(g.name()).isEqualTo("session:a");
    assertThat(g.phrases().match("Yes").orElseThrow().semantic()).isEqualTo("y");
  }

  @Test
  void brokenGrammarIsACompilationFailureWithAOneLineReason() {
    byte[] xml = "<grammar root=\"a\">\n<rule id=\"a\">".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Grammars.compileInline(Grammars.SRGS_XML, xml, null))
        .isInstanceOfSatisfying(
            Grammars.Failure.class,
            f -> {
              assertThat(f.cause).isEqualTo(RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE);
              assertThat(f.getMessage()).doesNotContain("\n");
            });
  }
}
