package io.mrcpj.core.grammar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a grammar into the list of phrases it accepts, for engines that take phrase lists (Vosk,
 * cloud phrase hints). Bounded: at most {@code maxPhrases} phrases, unbounded repeats ({@code n-})
 * stop at {@code min + maxExtraRepeats}; when a bound cuts the list, {@link Result#truncated()}
 * says so. A rule that refers to itself, directly or not, cannot become a finite list and is an
 * error naming the rule.
 */
public final class PhraseExpander {

  /** What came out. */
  public record Result(List<Phrase> phrases, boolean truncated) {
    public Result {
      phrases = List.copyOf(phrases);
    }

    /** The phrase that matches what was heard (normalised comparison), best weight first. */
    public Optional<Phrase> match(String heard) {
      String h = Phrase.normalize(heard);
      Phrase best = null;
      for (Phrase p : phrases) {
        if (Phrase.normalize(p.text()).equals(h) && (best == null || p.weight() > best.weight())) {
          best = p;
        }
      }
      return Optional.ofNullable(best);
    }
  }

  private static final Pattern OUT_LITERAL =
      Pattern.compile("^\\s*out\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^;\\s]+))\\s*;?\\s*$");

  private final int maxPhrases;
  private final int maxExtraRepeats;

  public PhraseExpander(int maxPhrases, int maxExtraRepeats) {
    if (maxPhrases < 1 || maxExtraRepeats < 0) {
      throw new IllegalArgumentException("maxPhrases >= 1 and maxExtraRepeats >= 0");
    }
    this.maxPhrases = maxPhrases;
    this.maxExtraRepeats = maxExtraRepeats;
  }

  /** 10,000 phrases, unbounded repeats up to 3 more than their minimum. */
  public static PhraseExpander defaults() {
    return new PhraseExpander(10_000, 3);
  }

  public Result expand(Grammar grammar) throws GrammarException {
    State st = new State(grammar);
    List<Path> paths = st.expand(grammar.rootRule().body(), new HashSet<>(Set.of(grammar.root())));
    Map<String, Phrase> unique = new LinkedHashMap<>();
    for (Path p : paths) {
      String text = String.join(" ", p.words);
      String semantic = p.tags.isEmpty() ? text : literal(p.tags.get(p.tags.size() - 1));
      unique.merge(
          text + "\u0000" + semantic,
          new Phrase(text, semantic, p.weight),
          (a, b) -> a.weight() >= b.weight() ? a : b);
    }
    return new Result(new ArrayList<>(unique.values()), st.truncated);
  }

  /** {@code out="x"}, {@code out='x'}, {@code out=x;} give x; any other tag is kept as written. */
  static String literal(String tag) {
    Matcher m = OUT_LITERAL.matcher(tag);
    if (m.matches()) {
      return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }
    return tag.trim();
  }

  private record Path(List<String> words, List<String> tags, double weight) {
    static final Path EMPTY = new Path(List.of(), List.of(), 1.0);

    Path then(Path next) {
      List<String> w = new ArrayList<>(words);
      w.addAll(next.words);
      List<String> t = new ArrayList<>(tags);
      t.addAll(next.tags);
      return new Path(w, t, weight * next.weight);
    }
  }

  private final class State {
    final Grammar grammar;
    boolean truncated;

    State(Grammar grammar) {
      this.grammar = grammar;
    }

    List<Path> expand(Expansion e, Set<String> active) throws GrammarException {
      if (e instanceof Expansion.Token t) {
        return List.of(new Path(List.of(t.text().split(" ")), List.of(), 1.0));
      }
      if (e instanceof Expansion.Tag t) {
        return List.of(new Path(List.of(), List.of(t.text()), 1.0));
      }
      if (e instanceof Expansion.Special s) {
        return s.kind() == Expansion.Special.Kind.VOID ? List.of() : List.of(Path.EMPTY);
      }
      if (e instanceof Expansion.ExternalRef r) {
        throw new GrammarException(
            "cannot expand a reference to another grammar: " + r.uri(), r.line(), r.column());
      }
      if (e instanceof Expansion.RuleRef r) {
        if (active.contains(r.rule())) {
          throw new GrammarException(
              "rule '" + r.rule() + "' refers to itself; it has no finite phrase list",
              r.line(),
              r.column());
        }
        active.add(r.rule());
        try {
          return expand(grammar.rules().get(r.rule()).body(), active);
        } finally {
          active.remove(r.rule());
        }
      }
      if (e instanceof Expansion.Sequence s) {
        List<Path> acc = List.of(Path.EMPTY);
        for (Expansion item : s.items()) {
          acc = product(acc, expand(item, active));
        }
        return acc;
      }
      if (e instanceof Expansion.OneOf o) {
        double total = o.alternatives().stream().mapToDouble(Expansion.Alternative::weight).sum();
        List<Path> out = new ArrayList<>();
        for (Expansion.Alternative a : o.alternatives()) {
          double w = total > 0 ? a.weight() / total : 1.0 / o.alternatives().size();
          for (Path p : expand(a.expansion(), active)) {
            if (out.size() >= maxPhrases) {
              truncated = true;
              return out;
            }
            out.add(new Path(p.words, p.tags, p.weight * w));
          }
        }
        return out;
      }
      Expansion.Repeat r = (Expansion.Repeat) e;
      int max = r.max();
      if (max == Expansion.Repeat.UNBOUNDED || max > r.min() + maxExtraRepeats) {
        if (max == Expansion.Repeat.UNBOUNDED || max > r.min() + maxExtraRepeats) {
          truncated = true;
        }
        max = r.min() + maxExtraRepeats;
      }
      List<Path> once = expand(r.expansion(), active);
      List<Path> out = new ArrayList<>();
      List<Path> current = List.of(Path.EMPTY);
      for (int n = 0; n <= max; n++) {
        if (n >= r.min()) {
          for (Path p : current) {
            if (out.size() >= maxPhrases) {
              truncated = true;
              return out;
            }
            out.add(p);
          }
        }
        if (n < max) {
          current = product(current, once);
        }
      }
      return out;
    }

    private List<Path> product(List<Path> left, List<Path> right) {
      List<Path> out =
          new ArrayList<>(Math.min(maxPhrases, left.size() * Math.max(1, right.size())));
      for (Path l : left) {
        for (Path r : right) {
          if (out.size() >= maxPhrases) {
            truncated = true;
            return out;
          }
          out.add(l.then(r));
        }
      }
      return out;
    }
  }
}
