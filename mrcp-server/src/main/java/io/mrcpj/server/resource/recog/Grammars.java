package io.mrcpj.server.resource.recog;

import io.mrcpj.core.grammar.BuiltinGrammar;
import io.mrcpj.core.grammar.Grammar;
import io.mrcpj.core.grammar.GrammarException;
import io.mrcpj.core.grammar.GrammarMatcher;
import io.mrcpj.core.grammar.GrammarRefs;
import io.mrcpj.core.grammar.PhraseExpander;
import io.mrcpj.core.grammar.SrgsAbnfParser;
import io.mrcpj.core.grammar.SrgsXmlParser;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.Multipart;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the grammars of a RECOGNIZE, DEFINE-GRAMMAR or INTERPRET body (RFC 6787 section 9.5.1):
 * inline SRGS (XML or ABNF), {@code text/uri-list}, {@code text/grammar-ref-list} with weights, and
 * {@code multipart/mixed} holding any of these (plus {@code text/plain} parts an INTERPRET's
 * Interpret-Text may point to). Failures carry the status, Completion-Cause and reason to answer.
 */
final class Grammars {

  static final String SRGS_XML = "application/srgs+xml";
  static final String SRGS_ABNF = "application/srgs";

  private Grammars() {}

  /** A request that cannot be served: the status, completion cause and reason to answer with. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final StatusCode status;
    final RecognizerCompletionCause cause;
    final String failedUri;
    final String failedUriCause;

    Failure(StatusCode status, RecognizerCompletionCause cause, String reason) {
      this(status, cause, reason, null, null);
    }

    Failure(
        StatusCode status,
        RecognizerCompletionCause cause,
        String reason,
        String failedUri,
        String failedUriCause) {
      super(reason, null, false, false);
      this.status = status;
      this.cause = cause;
      this.failedUri = failedUri;
      this.failedUriCause = failedUriCause;
    }

    static Failure compile(String reason) {
      return new Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_COMPILATION_FAILURE,
          oneLine(reason));
    }

    static Failure load(String reason) {
      return new Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
          oneLine(reason));
    }

    static Failure uri(String uri, String cause, String reason) {
      return new Failure(
          StatusCode.METHOD_OR_OPERATION_FAILED,
          RecognizerCompletionCause.URI_FAILURE,
          oneLine(reason),
          uri,
          cause);
    }
  }

  /** What a body holds, in order. */
  sealed interface Item {}

  /** An inline grammar, compiled; stored under its Content-ID when it has one. */
  record Inline(ActiveGrammar grammar, String contentId) implements Item {}

  /** A reference to resolve. */
  record Ref(String uri, double weight) implements Item {}

  /**
   * A parsed body.
   *
   * @param items the grammars, in the order written
   * @param texts text/plain parts by Content-ID (for Interpret-Text)
   */
  record Body(List<Item> items, Map<String, String> texts) {
    static final Body EMPTY = new Body(List.of(), Map.of());
  }

  static boolean isInline(String contentType) {
    return SRGS_XML.equals(contentType) || SRGS_ABNF.equals(contentType);
  }

  /** Parses a message's body. An inline grammar without a Content-ID header gets none. */
  static Body body(MrcpMessage m) throws Failure {
    if (!m.hasBody()) {
      return Body.EMPTY;
    }
    String full = m.headers().get(GenericHeaders.CONTENT_TYPE.name()).orElse(""); // with boundary
    String type = full.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String cid =
        m.headers().get(GenericHeaders.CONTENT_ID.name()).map(Grammars::stripAngles).orElse(null);
    List<Item> items = new ArrayList<>();
    Map<String, String> texts = new LinkedHashMap<>();
    if (Multipart.isMixed(full)) {
      List<Multipart.Part> parts;
      try {
        parts = Multipart.parse(full, m.body());
      } catch (IllegalArgumentException e) {
        throw new Failure(
            StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
            RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
            oneLine(e.getMessage()));
      }
      for (Multipart.Part p : parts) {
        String partId = p.header("Content-ID").map(Grammars::stripAngles).orElse(null);
        if (p.contentType().equals("text/plain")) {
          if (partId != null) {
            texts.put(partId, p.bodyAsString());
          }
          continue;
        }
        add(items, p.contentType(), p.body(), partId);
      }
    } else {
      add(items, type, m.body(), cid);
    }
    return new Body(List.copyOf(items), Map.copyOf(texts));
  }

  private static void add(List<Item> items, String type, byte[] body, String contentId)
      throws Failure {
    if (isInline(type)) {
      String name = contentId == null ? null : "session:" + contentId;
      items.add(new Inline(compileInline(type, body, name), contentId));
    } else if (type.equals(GrammarRefs.URI_LIST) || type.equals(GrammarRefs.GRAMMAR_REF_LIST)) {
      try {
        for (GrammarRefs.Ref r :
            GrammarRefs.parse(type, new String(body, StandardCharsets.UTF_8))) {
          items.add(new Ref(r.uri(), r.weight()));
        }
      } catch (GrammarException e) {
        throw Failure.load(e.getMessage());
      }
    } else {
      throw new Failure(
          StatusCode.UNRECOGNIZED_MESSAGE_ENTITY,
          RecognizerCompletionCause.GRAMMAR_LOAD_FAILURE,
          "unsupported grammar content type: " + (type.isEmpty() ? "(none)" : oneLine(type)));
    }
  }

  /** Parses and compiles an inline SRGS grammar (XML or ABNF form). */
  static ActiveGrammar compileInline(String contentType, byte[] body, String name) throws Failure {
    try {
      Grammar g =
          SRGS_XML.equals(contentType)
              ? SrgsXmlParser.parse(body)
              : SrgsAbnfParser.parse(new String(body, StandardCharsets.UTF_8));
      GrammarMatcher matcher = GrammarMatcher.compile(g);
      if (g.mode() == Grammar.Mode.DTMF) {
        return ActiveGrammar.srgs(name, matcher, g.mode(), List.of(), false);
      }
      PhraseExpander.Result phrases = PhraseExpander.defaults().expand(g);
      if (phrases.phrases().stream().allMatch(p -> p.text().isBlank())) {
        throw Failure.compile("the grammar accepts no words");
      }
      return ActiveGrammar.srgs(name, matcher, g.mode(), phrases.phrases(), phrases.truncated());
    } catch (GrammarException e) {
      throw Failure.compile(e.getMessage());
    }
  }

  /** A builtin grammar; an unknown one is a load failure. */
  static ActiveGrammar builtin(String uri) throws Failure {
    BuiltinGrammar b;
    try {
      b = BuiltinGrammar.parse(uri);
    } catch (GrammarException e) {
      throw Failure.load(e.getMessage());
    }
    if (!b.acceptsSpeech() && !b.acceptsDtmf()) {
      throw Failure.load("unknown builtin grammar: " + oneLine(uri));
    }
    return ActiveGrammar.builtin(uri, b);
  }

  /** The id of a {@code session:} URI, or empty when the URI has another scheme. */
  static Optional<String> sessionId(String uri) {
    if (uri.regionMatches(true, 0, "session:", 0, 8)) {
      return Optional.of(stripAngles(uri.substring(8)));
    }
    return Optional.empty();
  }

  static boolean isBuiltin(String uri) {
    return uri.regionMatches(true, 0, "builtin:", 0, 8);
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
