package io.mrcpj.core.grammar;

import java.util.Map;

/** Checks both parsers run on a finished grammar: the root exists and every local ref resolves. */
final class GrammarChecks {

  private GrammarChecks() {}

  static Grammar finish(
      String root,
      Grammar.Mode mode,
      String language,
      String tagFormat,
      Map<String, Grammar.Rule> rules,
      int line,
      int column)
      throws GrammarException {
    if (rules.isEmpty()) {
      throw new GrammarException("the grammar defines no rule", line, column);
    }
    String r = root;
    if (r == null) {
      // Lenient: no root declared; SRGS needs one, but a lone public (or first) rule is clear.
      r =
          rules.values().stream()
              .filter(Grammar.Rule::isPublic)
              .map(Grammar.Rule::name)
              .findFirst()
              .orElse(rules.keySet().iterator().next());
    } else if (!rules.containsKey(r)) {
      throw new GrammarException("the root rule '" + r + "' is not defined", line, column);
    }
    for (Grammar.Rule rule : rules.values()) {
      check(rule.body(), rules);
    }
    return new Grammar(r, mode, language, tagFormat, rules);
  }

  private static void check(Expansion e, Map<String, Grammar.Rule> rules) throws GrammarException {
    if (e instanceof Expansion.RuleRef ref) {
      if (!rules.containsKey(ref.rule())) {
        throw new GrammarException(
            "reference to undefined rule '" + ref.rule() + "'", ref.line(), ref.column());
      }
    } else if (e instanceof Expansion.Sequence s) {
      for (Expansion c : s.items()) {
        check(c, rules);
      }
    } else if (e instanceof Expansion.OneOf o) {
      for (Expansion.Alternative a : o.alternatives()) {
        check(a.expansion(), rules);
      }
    } else if (e instanceof Expansion.Repeat r) {
      check(r.expansion(), rules);
    }
  }

  /** Reads a repeat spec: {@code n}, {@code n-m}, {@code n-}. Returns {min, max}. */
  static int[] repeat(String spec, int line, int column) throws GrammarException {
    String s = spec.trim();
    try {
      int dash = s.indexOf('-');
      int min;
      int max;
      if (dash < 0) {
        min = Integer.parseInt(s);
        max = min;
      } else {
        min = Integer.parseInt(s.substring(0, dash).trim());
        String rest = s.substring(dash + 1).trim();
        max = rest.isEmpty() ? Expansion.Repeat.UNBOUNDED : Integer.parseInt(rest);
      }
      if (min < 0 || (max != Expansion.Repeat.UNBOUNDED && max < min) || min > 10_000) {
        throw new NumberFormatException();
      }
      return new int[] {min, max};
    } catch (NumberFormatException e) {
      throw new GrammarException("bad repeat '" + spec + "'", line, column);
    }
  }

  static Grammar.Mode mode(String text, int line, int column) throws GrammarException {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("voice")) {
      return Grammar.Mode.VOICE;
    }
    if (text.trim().equalsIgnoreCase("dtmf")) {
      return Grammar.Mode.DTMF;
    }
    throw new GrammarException("mode must be voice or dtmf, not '" + text + "'", line, column);
  }

  static Expansion seq(java.util.List<Expansion> items) {
    return items.size() == 1 ? items.get(0) : new Expansion.Sequence(items);
  }
}
