package io.mrcpj.server.resource.recog;

import io.mrcpj.core.grammar.BuiltinGrammar;
import io.mrcpj.core.grammar.Grammar;
import io.mrcpj.core.grammar.GrammarException;
import io.mrcpj.core.grammar.Phrase;
import io.mrcpj.core.grammar.PhraseExpander;
import io.mrcpj.core.grammar.SrgsAbnfParser;
import io.mrcpj.core.grammar.SrgsXmlParser;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns grammar bodies and URIs into phrase lists; the failures carry their MRCP answer. */
final class Grammars {

  static final String SRGS_XML = "application/srgs+xml";
  static final String SRGS_ABNF = "application/srgs";
  static final String URI_LIST = "text/uri-list";

  /** Most URIs one text/uri-list may hold. */
  static final int MAX_URIS = 64;

  private Grammars() {}

  /**
   * A grammar ready for recognition.
   *
   * @param name how NLSML names it ({@code session:<id>}, the builtin URI), or null
   * @param phrases the phrases it accepts; null for free transcription
   */
  record Compiled(String name, PhraseExpander.Result phrases) {
    boolean transcribe() {
      return phrases == null;
    }
  }

  /** A request that cannot be served: the status, completion cause and reason to answer with. */
  static final class Failure extends Exception {
    final StatusCode status;
    final RecognizerCompletionCause cause;

    Failure(StatusCode status, RecognizerCompletionCause cause, String reason) {
      super(reason, null, false, false);
      this.status = status;
      this.cause = cause;
    }
  }

  static boolean isInline(String contentType) {
    return SRGS_XML.equals(contentType) || SRGS_ABNF.equals(contentType);
  }

  /** Parses and expands an inline SRGS grammar (XML or ABNF form). */
  static Compiled compileInline(String contentType, byte[] body, String name) throws Failure {
    try {
      Grammar g =
          SRGS_XML.equals(contentType)
              ? SrgsXmlParser.parse(body)
              : SrgsAbnfParser.parse(new String(body, StandardCharsets.UTF_8));
      if (g.mode() == Grammar.Mode.DTMF) {
        throw new Failure(
            StatusCode.METHOD_OR_OPERATION_FAILED,
            RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
            "DTMF grammars are not supported by speechrecog yet");
      }
      PhraseExpander.Result phrases = PhraseExpander.defaults().expand(g);
      if (phrases.phrases().stream().allMatch(p -> p.text().isBlank())) {
        throw new Failure(
            StatusCode.METHOD_OR_OPERATION_FAILED,
            RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
            "the grammar accepts no words");
      }
      return new Compiled(name, phrases);
    } catch (GrammarException e) {
      throw new Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
          oneLine(e.getMessage()));
    }
  }

  /** The URIs of a text/uri-list body: one per line, blank lines and # comments skipped. */
  static List<String> uris(String body) throws Failure {
    List<String> out = new ArrayList<>();
    for (String line : body.split("\r?\n|\r")) {
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (out.size() == MAX_URIS) {
        throw new Failure(
            StatusCode.METHOD_OR_OPERATION_FAILED,
            RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
            "more than " + MAX_URIS + " grammar URIs");
      }
      out.add(t);
    }
    return out;
  }

  /**
   * A builtin grammar: {@code builtin:speech/...} is free transcription except the boolean ones,
   * which are their yes/no phrases; DTMF builtins are refused for now.
   */
  static Compiled builtin(String uri) throws Failure {
    BuiltinGrammar b;
    try {
      b = BuiltinGrammar.parse(uri);
    } catch (GrammarException e) {
      throw new Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
          oneLine(e.getMessage()));
    }
    if (b.isDtmf()) {
      throw new Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
          "DTMF grammars are not supported by speechrecog yet: " + oneLine(uri));
    }
    if (b.isBoolean()) {
      List<Phrase> phrases = b.booleanPhrases();
      return new Compiled(uri, new PhraseExpander.Result(phrases, false));
    }
    return new Compiled(uri, null);
  }

  /** The id of a {@code session:} URI, or empty when the URI has another scheme. */
  static Optional<String> sessionId(String uri) {
    if (uri.regionMatches(true, 0, "session:", 0, 8)) {
      return Optional.of(stripAngles(uri.substring(8)));
    }
    return Optional.empty();
  }

  static boolean isBuiltin(String uri) {
    return uri.toLowerCase(Locale.ROOT).startsWith("builtin:");
  }

  /** Content-ID values may be written {@code <id>}; the brackets are not part of the id. */
  static String stripAngles(String id) {
    String t = id.trim();
    if (t.length() >= 2 && t.startsWith("<") && t.endsWith(">")) {
      t = t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  /** A reason fit for a header value: one line, bounded. */
  static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").trim();
    return t.length() > 200 ? t.substring(0, 200) : t;
  }
}
