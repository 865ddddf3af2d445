package io.mrcpj.server.resource.recog;

import io.mrcpj.core.grammar.BuiltinGrammar;
import io.mrcpj.core.grammar.Grammar;
import io.mrcpj.core.grammar.GrammarMatcher;
import io.mrcpj.core.grammar.Phrase;
import java.util.List;

/**
 * One grammar a RECOGNIZE or INTERPRET uses, compiled: which input it takes (speech, DTMF, or
 * both), the phrases that constrain the engine, and how input matches it. Immutable; shared by the
 * recognitions that use it.
 */
final class ActiveGrammar {

  private static final GrammarMatcher.Match NONE =
      new GrammarMatcher.Match(GrammarMatcher.Status.NONE, false, null, 0);

  private final String name;
  private final double weight;
  private final GrammarMatcher srgs;
  private final Grammar.Mode mode;
  private final BuiltinGrammar builtin;
  private final List<String> phrases;
  private final boolean phrasesTruncated;

  private ActiveGrammar(
      String name,
      double weight,
      GrammarMatcher srgs,
      Grammar.Mode mode,
      BuiltinGrammar builtin,
      List<String> phrases,
      boolean phrasesTruncated) {
    this.name = name;
    this.weight = weight;
    this.srgs = srgs;
    this.mode = mode;
    this.builtin = builtin;
    this.phrases = List.copyOf(phrases);
    this.phrasesTruncated = phrasesTruncated;
  }

  /** An SRGS grammar: its matcher, and for voice grammars the phrases for the engine. */
  static ActiveGrammar srgs(
      String name, GrammarMatcher matcher, Grammar.Mode mode, List<Phrase> phrases, boolean cut) {
    List<String> texts =
        phrases.stream().map(Phrase::text).filter(t -> !t.isBlank()).distinct().toList();
    return new ActiveGrammar(name, 1.0, matcher, mode, null, texts, cut);
  }

  /**
   * A builtin grammar ({@code builtin:speech/transcribe}, {@code builtin:dtmf/digits?length=4}...).
   */
  static ActiveGrammar builtin(String uri, BuiltinGrammar b) {
    List<String> texts =
        b.isBoolean() && b.acceptsSpeech()
            ? b.booleanPhrases().stream().map(Phrase::text).toList()
            : List.of();
    return new ActiveGrammar(uri, 1.0, null, null, b, texts, false);
  }

  /** The same grammar under another name and weight (a session: reference, a weighted ref). */
  ActiveGrammar as(String newName, double newWeight) {
    return new ActiveGrammar(newName, newWeight, srgs, mode, builtin, phrases, phrasesTruncated);
  }

  /** How NLSML names it ({@code session:<id>}, the URI), or null for an unnamed inline grammar. */
  String name() {
    return name;
  }

  double weight() {
    return weight;
  }

  /** Whether speech can match it. */
  boolean speech() {
    return srgs != null ? mode == Grammar.Mode.VOICE : builtin.acceptsSpeech();
  }

  /** Whether DTMF can match it. */
  boolean dtmf() {
    return srgs != null ? mode == Grammar.Mode.DTMF : builtin.acceptsDtmf();
  }

  /**
   * Whether the engine should transcribe freely for it: builtin transcription, digits and numbers
   * (read from the words afterwards), and voice grammars too large to list in full.
   */
  boolean freeSpeech() {
    if (!speech()) {
      return false;
    }
    return srgs == null ? phrases.isEmpty() : phrasesTruncated || phrases.isEmpty();
  }

  /** Phrases to constrain the engine with (empty when {@link #freeSpeech}). */
  List<String> phrases() {
    return freeSpeech() ? List.of() : phrases;
  }

  /** How recognized words match. */
  GrammarMatcher.Match matchSpeech(String words) {
    if (!speech()) {
      return NONE;
    }
    return srgs != null ? srgs.match(words) : builtin.matchSpeech(words);
  }

  /** How DTMF keys match ({@code "1234"}). */
  GrammarMatcher.Match matchDtmf(String keys) {
    if (!dtmf()) {
      return NONE;
    }
    return srgs != null ? srgs.matchKeys(keys) : builtin.matchDtmf(keys);
  }

  @Override
  public String toString() {
    return name != null ? name : "inline grammar";
  }
}
