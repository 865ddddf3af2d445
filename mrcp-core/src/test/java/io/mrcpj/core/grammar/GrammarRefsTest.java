package io.mrcpj.core.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrammarRefsTest {

  @Test
  void uriListsAndGrammarRefListsKeepOrderAndWeights() throws Exception {
    assertThat(
            GrammarRefs.parse(
                "text/uri-list",
                "session:request1@form-level\r\n# a comment\r\n\r\nbuiltin:grammar/boolean\r\n"))
        .containsExactly(
            new GrammarRefs.Ref("session:request1@form-level", 1.0),
            new GrammarRefs.Ref("builtin:grammar/boolean", 1.0));
    assertThat(
            GrammarRefs.parse(
                "text/grammar-ref-list",
                "<http://example.com/a.grxml>;weight=\"0.85\"\r\n<session:b@x>\r\n"))
        .containsExactly(
            new GrammarRefs.Ref("http://example.com/a.grxml", 0.85),
            new GrammarRefs.Ref("session:b@x", 1.0));
  }

  @Test
  void whatIsNoReferenceIsAnErrorNamingTheLine() {
    assertThatThrownBy(() -> GrammarRefs.parse("text/uri-list", "session:a\nnot a uri\n"))
        .isInstanceOf(GrammarException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(
            () -> GrammarRefs.parse("text/grammar-ref-list", "<http://x/g>;weight=heavy"))
        .hasMessageContaining("weight");
    assertThatThrownBy(() -> GrammarRefs.parse("text/uri-list", "relative.grxml"))
        .hasMessageContaining("absolute");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= GrammarRefs.MAX_REFS; i++) {
      many.append("session:g").append(i).append('\n');
    }
    assertThatThrownBy(() -> GrammarRefs.parse("text/uri-list", many.toString()))
        .hasMessageContaining("more than");
  }
}
