package io.mrcpj.core.grammar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches a sequence of tokens (words, or DTMF keys) against an SRGS grammar (SRGS 1.0 section 2)
 * without expanding it into phrases: the rule tree is compiled once into a nondeterministic
 * automaton whose token edges are the grammar's words and whose empty edges carry the alternatives'
 * weights and the semantic tags; matching runs the automaton over the tokens.
 *
 * <p>So a grammar with repeats ({@code <item repeat="1-">digit</item>}) matches input of any
 * length, and a match tells whether the input is a complete sentence, only the start of one (a
 * prefix), or neither, and whether more input could still follow: what DTMF collection (RFC 6787
 * sections 9.4.17-9.4.18) and the speech-complete / speech-incomplete timers need.
 *
 * <p>Tokens are compared case-insensitively, punctuation other than {@code ' * #} ignored, as
 * {@link Phrase#normalize} does. {@code GARBAGE} matches one or more tokens, {@code NULL} none,
 * {@code VOID} nothing. Repeats with more than {@link #MAX_UNROLLED_REPEATS} optional copies become
 * a loop (they accept longer input than their maximum). Immutable after {@link #compile}; safe to
 * share between threads.
 */
public final class GrammarMatcher {

  /** Most states a compiled grammar may have. */
  public static final int MAX_STATES = 100_000;

  /** Most optional copies a bounded repeat is unrolled into before it becomes a loop. */
  public static final int MAX_UNROLLED_REPEATS = 64;

  /** How far the input got. */
  public enum Status {
    /** No sentence of the grammar starts with the input. */
    NONE,
    /** The input is the start of at least one sentence, but not a whole one. */
    PREFIX,
    /** The input is a whole sentence. */
    COMPLETE
  }

  /**
   * The outcome of a match.
   *
   * @param status how far the input got
   * @param canExtend whether more tokens could still make (another) sentence
   * @param semantic for a complete match, the semantic value of the first matching path
   * @param weight for a complete match, the product of the alternative weights along that path
   */
  public record Match(Status status, boolean canExtend, Semantics.Value semantic, double weight) {
    public boolean complete() {
      return status == Status.COMPLETE;
    }
  }

  private static final String ANY = "\u0000any";

  // The automaton: per state its token edges and its empty edges.
  private final List<List<Edge>> tokenEdges = new ArrayList<>();
  private final List<List<Edge>> emptyEdges = new ArrayList<>();
  private final int start;
  private final int accept;

  /** An edge: a token (or ANY) to consume, or an empty edge with an optional tag and weight. */
  private record Edge(String token, int to, String tag, double weight) {}

  /** A piece under construction: its entry and exit states. */
  private record Fragment(int in, int out) {}

  private GrammarMatcher(Grammar grammar) throws GrammarException {
    Fragment f = build(grammar, grammar.rootRule().body(), new HashSet<>(Set.of(grammar.root())));
    this.start = f.in;
    this.accept = f.out;
  }

  /**
   * Compiles {@code grammar}.
   *
   * @throws GrammarException when a rule refers to itself, an external grammar is referenced, or
   *     the automaton would exceed {@link #MAX_STATES}
   */
  public static GrammarMatcher compile(Grammar grammar) throws GrammarException {
    return new GrammarMatcher(grammar);
  }

  /** Matches words separated by white space (as an engine reports them). */
  public Match match(String text) {
    String n = Phrase.normalize(text);
    return match(n.isEmpty() ? List.of() : List.of(n.split(" ")));
  }

  /** Matches DTMF keys, one token per key ({@code "12#"} is three tokens). */
  public Match matchKeys(String keys) {
    List<String> tokens = new ArrayList<>(keys.length());
    for (int i = 0; i < keys.length(); i++) {
      tokens.add(String.valueOf(Character.toLowerCase(keys.charAt(i))));
    }
    return match(tokens);
  }

  /** Matches tokens already split and normalized. */
  public Match match(List<String> tokens) {
    Map<Integer, Trail> current = closure(Map.of(start, Trail.EMPTY));
    for (String token : tokens) {
      Map<Integer, Trail> next = new LinkedHashMap<>();
      for (Map.Entry<Integer, Trail> e : current.entrySet()) {
        for (Edge edge : tokenEdges.get(e.getKey())) {
          if (edge.token.equals(token) || edge.token.equals(ANY)) {
            next.putIfAbsent(edge.to, e.getValue());
          }
        }
      }
      if (next.isEmpty()) {
        return new Match(Status.NONE, false, null, 0);
      }
      current = closure(next);
    }
    boolean canExtend = false;
    for (int s : current.keySet()) {
      if (!tokenEdges.get(s).isEmpty()) {
        canExtend = true;
        break;
      }
    }
    Trail done = current.get(accept);
    if (done == null) {
      return new Match(Status.PREFIX, canExtend, null, 0);
    }
    return new Match(
        Status.COMPLETE,
        canExtend,
        Semantics.evaluate(done.tags(), String.join(" ", tokens)),
        done.weight);
  }

  /** The tags and weight collected along one path. */
  private record Trail(List<String> tags, double weight) {
    static final Trail EMPTY = new Trail(List.of(), 1.0);

    Trail then(Edge e) {
      if (e.tag == null && e.weight == 1.0) {
        return this;
      }
      List<String> t = tags;
      if (e.tag != null) {
        t = new ArrayList<>(tags);
        t.add(e.tag);
      }
      return new Trail(t, weight * e.weight);
    }
  }

  /**
   * Every state reachable by empty edges. The search goes depth first in the order the grammar was
   * written, so the first path to reach a state is the one of the earliest alternative (SRGS and
   * RFC 6787 section 9.9: the earlier wins) and its tags are the ones kept.
   */
  private Map<Integer, Trail> closure(Map<Integer, Trail> states) {
    Map<Integer, Trail> out = new LinkedHashMap<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    List<Map.Entry<Integer, Trail>> seeds = new ArrayList<>(states.entrySet());
    for (int i = seeds.size() - 1; i >= 0; i--) {
      stack.push(new Object[] {seeds.get(i).getKey(), seeds.get(i).getValue()});
    }
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      int s = (Integer) top[0];
      if (out.containsKey(s)) {
        continue;
      }
      Trail t = (Trail) top[1];
      out.put(s, t);
      List<Edge> edges = emptyEdges.get(s);
      for (int i = edges.size() - 1; i >= 0; i--) {
        Edge e = edges.get(i);
        if (!out.containsKey(e.to)) {
          stack.push(new Object[] {e.to, t.then(e)});
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- construction

  private int state() throws GrammarException {
    if (tokenEdges.size() >= MAX_STATES) {
      throw new GrammarException(
          "the grammar is too large to match (over " + MAX_STATES + " states)");
    }
    tokenEdges.add(new ArrayList<>(2));
    emptyEdges.add(new ArrayList<>(2));
    return tokenEdges.size() - 1;
  }

  private void empty(int from, int to, String tag, double weight) {
    emptyEdges.get(from).add(new Edge(null, to, tag, weight));
  }

  private Fragment build(Grammar g, Expansion e, Set<String> active) throws GrammarException {
    if (e instanceof Expansion.Token t) {
      int in = state();
      int at = in;
      String n = Phrase.normalize(t.text());
      for (String word : n.isEmpty() ? new String[0] : n.split(" ")) {
        int next = state();
        tokenEdges.get(at).add(new Edge(word.toLowerCase(Locale.ROOT), next, null, 1.0));
        at = next;
      }
      return new Fragment(in, at);
    }
    if (e instanceof Expansion.Tag t) {
      int in = state();
      int out = state();
      empty(in, out, t.text(), 1.0);
      return new Fragment(in, out);
    }
    if (e instanceof Expansion.Special s) {
      int in = state();
      int out = state();
      switch (s.kind()) {
        case NULL -> empty(in, out, null, 1.0);
        case VOID -> {
          // no path from in to out
        }
        case GARBAGE -> {
          tokenEdges.get(in).add(new Edge(ANY, out, null, 1.0));
          tokenEdges.get(out).add(new Edge(ANY, out, null, 1.0));
        }
      }
      return new Fragment(in, out);
    }
    if (e instanceof Expansion.ExternalRef r) {
      throw new GrammarException(
          "cannot match a reference to another grammar: " + r.uri(), r.line(), r.column());
    }
    if (e instanceof Expansion.RuleRef r) {
      if (active.contains(r.rule())) {
        throw new GrammarException(
            "rule '" + r.rule() + "' refers to itself; it cannot be matched", r.line(), r.column());
      }
      Grammar.Rule rule = g.rules().get(r.rule());
      if (rule == null) {
        throw new GrammarException("no rule '" + r.rule() + "'", r.line(), r.column());
      }
      active.add(r.rule());
      try {
        return build(g, rule.body(), active);
      } finally {
        active.remove(r.rule());
      }
    }
    if (e instanceof Expansion.Sequence s) {
      int in = state();
      int at = in;
      for (Expansion item : s.items()) {
        Fragment f = build(g, item, active);
        empty(at, f.in, null, 1.0);
        at = f.out;
      }
      return new Fragment(in, at);
    }
    if (e instanceof Expansion.OneOf o) {
      int in = state();
      int out = state();
      double total = o.alternatives().stream().mapToDouble(Expansion.Alternative::weight).sum();
      for (Expansion.Alternative a : o.alternatives()) {
        double w = total > 0 ? a.weight() / total : 1.0 / o.alternatives().size();
        Fragment f = build(g, a.expansion(), active);
        empty(in, f.in, null, w);
        empty(f.out, out, null, 1.0);
      }
      return new Fragment(in, out);
    }
    Expansion.Repeat r = (Expansion.Repeat) e;
    int in = state();
    int at = in;
    for (int i = 0; i < r.min(); i++) {
      Fragment f = build(g, r.expansion(), active);
      empty(at, f.in, null, 1.0);
      at = f.out;
    }
    int out = state();
    int optional = r.max() == Expansion.Repeat.UNBOUNDED ? -1 : r.max() - r.min();
    if (optional < 0 || optional > MAX_UNROLLED_REPEATS) {
      // a loop: any number of further copies
      Fragment f = build(g, r.expansion(), active);
      empty(at, f.in, null, 1.0);
      empty(f.out, at, null, 1.0);
      empty(at, out, null, 1.0);
      return new Fragment(in, out);
    }
    for (int i = 0; i < optional; i++) {
      empty(at, out, null, 1.0);
      Fragment f = build(g, r.expansion(), active);
      empty(at, f.in, null, 1.0);
      at = f.out;
    }
    empty(at, out, null, 1.0);
    return new Fragment(in, out);
  }
}
