package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.grammar.GrammarMatcher;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.RecognizerCompletionCause;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GrammarsTest {

  private static MrcpRequest request(String type, String body, String contentId) {
    MrcpRequest.Builder b =
        MrcpRequest.builder()
            .method(MrcpMethod.RECOGNIZE)
            .requestId(1)
            .channelId(new ChannelId("a1", MrcpResource.SPEECHRECOG))
            .body(type, body);
    if (contentId != null) {
      b.header("Content-ID", contentId);
    }
    return b.build();
  }

  @Test
  void uriListsKeepOrderAndGrammarRefListsTheirWeights() throws Exception {
    Grammars.Body b =
        Grammars.body(
            request(
                "text/uri-list",
                "# a comment\r\n\r\nsession:a\r\nbuiltin:speech/transcribe\n",
                null));
    assertThat(b.items())
        .containsExactly(
            new Grammars.Ref("session:a", 1.0), new Grammars.Ref("builtin:speech/transcribe", 1.0));
    Grammars.Body w =
        Grammars.body(request("text/grammar-ref-list", "<session:a>;weight=\"0.4\"\r\n", null));
    assertThat(w.items()).containsExactly(new Grammars.Ref("session:a", 0.4));
  }

  @Test
  void multipartMixesInlineGrammarsReferencesAndTexts() throws Exception {
    String body =
        "--b\r\nContent-Type: application/srgs\r\nContent-ID: <yn@x>\r\n\r\n"
            + "#ABNF 1.0; root $a; public $a = yes | no;\r\n"
            + "--b\r\nContent-Type: text/uri-list\r\n\r\nbuiltin:dtmf/digits?length=2\r\n"
            + "--b\r\nContent-Type: text/plain\r\nContent-ID: <t1>\r\n\r\nyes\r\n--b--\r\n";
    Grammars.Body b = Grammars.body(request("multipart/mixed; boundary=b", body, null));
    assertThat(b.items()).hasSize(2);
    Grammars.Inline in = (Grammars.Inline) b.items().get(0);
    assertThat(in.contentId()).isEqualTo("yn@x");
    assertThat(in.grammar().name()).isEqualTo("session:yn@x");
    assertThat(b.items().get(1)).isEqualTo(new Grammars.Ref("builtin:dtmf/digits?length=2", 1.0));
    assertThat(b.texts()).containsEntry("t1", "yes");
  }

  @Test
  void unknownBodyTypesAndBrokenBodiesAreRefusedWithTheirCause() {
    assertThatThrownBy(() -> Grammars.body(request("text/html", "<p/>", null)))
        .isInstanceOfSatisfying(
            Grammars.Failure.class, f -> assertThat(f.status.code()).isEqualTo(408));
    assertThatThrownBy(() -> Grammars.body(request("text/uri-list", "no scheme here", null)))
        .isInstanceOfSatisfying(
            Grammars.Failure.class,
            f -> assertThat(f.cause).isEqualTo(RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE));
    assertThatThrownBy(() -> Grammars.body(request("multipart/mixed; boundary=z", "junk", null)))
        .isInstanceOfSatisfying(
            Grammars.Failure.class, f -> assertThat(f.getMessage()).contains("boundary"));
  }

  @Test
  void sessionIdsLoseTheirAngleBrackets() {
    assertThat(Grammars.sessionId("session:<g1@example.com>")).contains("g1@example.com");
    assertThat(Grammars.sessionId("SESSION:g2")).contains("g2");
    assertThat(Grammars.sessionId("http://x/g")).isEmpty();
  }

  @Test
  void builtinsTakeSpeechDtmfOrBoth() throws Exception {
    ActiveGrammar transcribe = Grammars.builtin("builtin:speech/transcribe");
    assertThat(transcribe.freeSpeech()).isTrue();
    assertThat(transcribe.dtmf()).isFalse();
    ActiveGrammar bool = Grammars.builtin("builtin:grammar/boolean");
    assertThat(bool.freeSpeech()).isFalse();
    assertThat(bool.phrases()).contains("yes", "no");
    assertThat(bool.matchSpeech("nope").semantic().text()).isEqualTo("false");
    assertThat(bool.matchDtmf("1").semantic().text()).isEqualTo("true");
    ActiveGrammar digits = Grammars.builtin("builtin:dtmf/digits?length=4");
    assertThat(digits.speech()).isFalse();
    assertThat(digits.matchDtmf("1234").complete()).isTrue();
    assertThatThrownBy(() -> Grammars.builtin("builtin:speech/unheard-of"))
        .isInstanceOfSatisfying(
            Grammars.Failure.class,
            f -> assertThat(f.cause).isEqualTo(RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE));
  }

  @Test
  void inlineAbnfMatchesWithTagValuesAndDtmfGrammarsTakeKeys() throws Exception {
    String abnf =
        "#ABNF 1.0;\nlanguage en-US;\ntag-format <semantics/1.0-literals>;\nroot $a;\n"
            + "public $a = yes {out=\"y\"} | no {out=\"n\"};";
    ActiveGrammar g =
        Grammars.compileInline(
            Grammars.SRGS_ABNF, abnf.getBytes(StandardCharsets.UTF_8), "session:a");
    assertThat(g.name()).isEqualTo("session:a");
    assertThat(g.matchSpeech("Yes").semantic().text()).isEqualTo("y");
    assertThat(g.phrases()).containsExactly("yes", "no");
    ActiveGrammar pin =
        Grammars.compileInline(
            Grammars.SRGS_ABNF,
            "#ABNF 1.0; mode dtmf; root $p; public $p = (0|1|2|3|4|5|6|7|8|9)<4>;"
                .getBytes(StandardCharsets.UTF_8),
            null);
    assertThat(pin.speech()).isFalse();
    assertThat(pin.matchDtmf("12").status()).isEqualTo(GrammarMatcher.Status.PREFIX);
    assertThat(pin.matchDtmf("1234").canExtend()).isFalse();
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
