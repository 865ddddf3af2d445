package io.mrcpj.server.resource.recog;

import io.mrcpj.core.grammar.GrammarMatcher;
import java.util.List;

/**
 * The DTMF keys of one recognition against its DTMF grammars, and what to do after each key (RFC
 * 6787 sections 9.4.17-9.4.19): finish now, wait the interdigit timeout (more keys may come), wait
 * the term timeout (the input is complete and only the term char may follow), or give up (no
 * grammar can match any more). Single-threaded (the recognition's lock).
 */
final class DtmfInput {

  /** Most keys collected for one recognition. */
  static final int MAX_KEYS = 128;

  /** What the keys so far call for. */
  enum Next {
    /** A complete match that cannot go on, and no term char is expected: success now. */
    MATCH_NOW,
    /** A complete match that cannot go on; wait DTMF-Term-Timeout for the term char. */
    WAIT_TERM,
    /** A complete match that could go on: wait DTMF-Interdigit-Timeout, then success. */
    WAIT_MORE_MATCHED,
    /** Only the start of a match: wait DTMF-Interdigit-Timeout, then no-match. */
    WAIT_MORE_UNMATCHED,
    /** No grammar can match these keys. */
    NO_MATCH
  }

  /**
   * The best complete match so far.
   *
   * @param grammar the first grammar (in order) that matches completely
   * @param match its match (semantic value)
   */
  record Matched(ActiveGrammar grammar, GrammarMatcher.Match match) {}

  private final List<ActiveGrammar> grammars;
  private final StringBuilder keys = new StringBuilder();
  private Matched matched;

  DtmfInput(List<ActiveGrammar> grammars) {
    this.grammars = grammars.stream().filter(ActiveGrammar::dtmf).toList();
  }

  /** Whether any grammar takes DTMF at all. */
  boolean wanted() {
    return !grammars.isEmpty();
  }

  boolean started() {
    return keys.length() > 0;
  }

  String keys() {
    return keys.toString();
  }

  /** The complete match of the keys so far, if any. */
  Matched matched() {
    return matched;
  }

  /**
   * Adds a key and says what next.
   *
   * @param termCharSet whether a DTMF-Term-Char is set (then a complete input waits for it)
   */
  Next add(char key, boolean termCharSet) {
    if (keys.length() >= MAX_KEYS) {
      return Next.NO_MATCH;
    }
    keys.append(key);
    matched = null;
    boolean alive = false;
    boolean more = false;
    for (ActiveGrammar g : grammars) {
      GrammarMatcher.Match m = g.matchDtmf(keys.toString());
      if (m.status() == GrammarMatcher.Status.NONE) {
        continue;
      }
      alive = true;
      more |= m.canExtend();
      if (m.complete() && matched == null) {
        matched = new Matched(g, m);
      }
    }
    if (!alive) {
      return Next.NO_MATCH;
    }
    if (matched != null && !more) {
      return termCharSet ? Next.WAIT_TERM : Next.MATCH_NOW;
    }
    return matched != null ? Next.WAIT_MORE_MATCHED : Next.WAIT_MORE_UNMATCHED;
  }

  /** Forgets the keys (hotword mode: a sequence that matched nothing is ignored). */
  void clear() {
    keys.setLength(0);
    matched = null;
  }

  /** The keys as NLSML's DTMF input shows them: space separated (RFC 6787 section 9.6.3.6). */
  String spaced() {
    StringBuilder sb = new StringBuilder(keys.length() * 2);
    for (int i = 0; i < keys.length(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(keys.charAt(i));
    }
    return sb.toString();
  }
}
