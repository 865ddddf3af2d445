package io.mrcpj.core.grammar;

import java.util.List;

/** A rule expansion (SRGS section 2): the building blocks of both grammar forms. */
public sealed interface Expansion {

  /** One or more words to be spoken (or DTMF keys), e.g. {@code "new york"}. */
  record Token(String text) implements Expansion {}

  /** Expansions in order. */
  record Sequence(List<Expansion> items) implements Expansion {
    public Sequence {
      items = List.copyOf(items);
    }
  }

  /** Alternatives, each with a weight (default 1.0). */
  record OneOf(List<Alternative> alternatives) implements Expansion {
    public OneOf {
      alternatives = List.copyOf(alternatives);
    }
  }

  /** One alternative of a {@link OneOf}. */
  record Alternative(Expansion expansion, double weight) {}

  /**
   * A repeated expansion.
   *
   * @param max {@link #UNBOUNDED} for {@code n-}
   * @param probability the repeat-prob, or -1 when not given
   */
  record Repeat(Expansion expansion, int min, int max, double probability) implements Expansion {
    public static final int UNBOUNDED = -1;
  }

  /** A reference to a rule of the same grammar, with where it was written. */
  record RuleRef(String rule, int line, int column) implements Expansion {}

  /** A reference to another grammar by URI (not followed by the expander). */
  record ExternalRef(String uri, int line, int column) implements Expansion {}

  /** The special rules of SRGS section 2.2.3. */
  record Special(Kind kind) implements Expansion {
    /** NULL matches nothing spoken, VOID can never match, GARBAGE matches any speech. */
    public enum Kind {
      NULL,
      VOID,
      GARBAGE
    }
  }

  /** A semantic tag's text (SRGS section 2.6). */
  record Tag(String text) implements Expansion {}
}
