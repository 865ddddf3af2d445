package io.mrcpj.core.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the ABNF form of SRGS (application/srgs, SRGS section 4): the self-identifying header
 * ({@code #ABNF 1.0 [charset];}), declarations (language, mode, root, tag-format, base, lexicon,
 * meta, http-equiv), and rules ({@code [public|private] $name = expansion;}) with alternatives
 * ({@code |}, weights {@code /w/}), grouping {@code ( )}, optional {@code [ ]}, repeats {@code
 * <n>}, {@code <n-m>}, {@code <n->} (with an optional {@code /prob/}), tags {@code {...}} and
 * {@code {!{...}!}}, quoted tokens, rule references {@code $name}, {@code $<uri>}, and the special
 * rules {@code $NULL}, {@code $VOID}, {@code $GARBAGE}. Comments {@code //} and {@code /* *}{@code
 * /} are skipped. Every error names its line and column.
 */
public final class SrgsAbnfParser {

  /** Largest grammar accepted, in characters. */
  public static final int MAX_CHARS = 1 << 20;

  /** Deepest nesting of groups accepted. */
  public static final int MAX_DEPTH = 64;

  private final String src;
  private int pos;
  private int line = 1;
  private int col = 1;
  private int depth;

  private SrgsAbnfParser(String src) {
    this.src = src;
  }

  public static Grammar parse(String text) throws GrammarException {
    if (text.length() > MAX_CHARS) {
      throw new GrammarException("grammar larger than " + MAX_CHARS + " characters");
    }
    return new SrgsAbnfParser(text).grammar();
  }

  private Grammar grammar() throws GrammarException {
    skip();
    if (!src.startsWith("#ABNF", pos)) {
      throw error("an ABNF grammar starts with '#ABNF 1.0'");
    }
    readUntil(';');
    String root = null;
    Grammar.Mode mode = Grammar.Mode.VOICE;
    String language = null;
    String tagFormat = null;
    Map<String, Grammar.Rule> rules = new LinkedHashMap<>();
    int startLine = line;
    int startCol = col;
    while (true) {
      skip();
      if (pos >= src.length()) {
        break;
      }
      int l = line;
      int c = col;
      if (peekWord("language")) {
        word("language");
        language = readUntil(';').trim();
      } else if (peekWord("mode")) {
        word("mode");
        mode = GrammarChecks.mode(readUntil(';'), l, c);
      } else if (peekWord("root")) {
        word("root");
        String r = readUntil(';').trim();
        if (!r.startsWith("$") || r.length() < 2) {
          throw new GrammarException("root must name a rule: 'root $name;'", l, c);
        }
        root = r.substring(1);
      } else if (peekWord("tag-format")) {
        word("tag-format");
        tagFormat = readUntil(';').trim().replaceAll("^<|>$", "");
      } else if (peekWord("base")
          || peekWord("lexicon")
          || peekWord("meta")
          || peekWord("http-equiv")) {
        readUntil(';');
      } else {
        Grammar.Rule rule = rule();
        if (rules.containsKey(rule.name())) {
          throw new GrammarException("rule '" + rule.name() + "' is defined twice", l, c);
        }
        rules.put(rule.name(), rule);
      }
    }
    return GrammarChecks.finish(root, mode, language, tagFormat, rules, startLine, startCol);
  }

  private Grammar.Rule rule() throws GrammarException {
    boolean isPublic = false;
    if (peekWord("public")) {
      word("public");
      isPublic = true;
      skip();
    } else if (peekWord("private")) {
      word("private");
      skip();
    }
    if (peek() != '$') {
      throw error("expected a rule definition '$name = ...;'");
    }
    next();
    String name = name();
    skip();
    if (peek() != '=') {
      throw error("expected '=' after $" + name);
    }
    next();
    Expansion body = alternatives();
    skip();
    if (peek() != ';') {
      throw error("expected ';' to end rule $" + name);
    }
    next();
    return new Grammar.Rule(name, isPublic, body);
  }

  private Expansion alternatives() throws GrammarException {
    if (++depth > MAX_DEPTH) {
      throw error("groups nested deeper than " + MAX_DEPTH);
    }
    List<Expansion.Alternative> alts = new ArrayList<>();
    boolean weighted = false;
    do {
      skip();
      double weight = 1.0;
      if (peek() == '/') {
        weighted = true;
        weight = number(readDelimited('/', '/'), "weight");
        skip();
      }
      alts.add(new Expansion.Alternative(sequence(), weight));
      skip();
    } while (accept('|'));
    depth--;
    return alts.size() == 1 && !weighted ? alts.get(0).expansion() : new Expansion.OneOf(alts);
  }

  private Expansion sequence() throws GrammarException {
    List<Expansion> items = new ArrayList<>();
    while (true) {
      skip();
      char c = peek();
      if (c == 0 || c == ';' || c == '|' || c == ')' || c == ']') {
        break;
      }
      Expansion item = primary();
      skip();
      while (peek() == '<') {
        int l = line;
        int cl = col;
        String spec = readDelimited('<', '>');
        double prob = -1;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
          prob = number(spec.substring(slash + 1).replace("/", ""), "repeat probability");
          spec = spec.substring(0, slash);
        }
        int[] mm = GrammarChecks.repeat(spec, l, cl);
        item = new Expansion.Repeat(item, mm[0], mm[1], prob);
        skip();
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      throw error("empty expansion (use $NULL for nothing)");
    }
    return GrammarChecks.seq(items);
  }

  private Expansion primary() throws GrammarException {
    int l = line;
    int c = col;
    char ch = peek();
    if (ch == '(') {
      next();
      Expansion e = alternatives();
      expect(')');
      return e;
    }
    if (ch == '[') {
      next();
      Expansion e = alternatives();
      expect(']');
      return new Expansion.Repeat(e, 0, 1, -1);
    }
    if (ch == '{') {
      if (src.startsWith("{!{", pos)) {
        int end = src.indexOf("}!}", pos + 3);
        if (end < 0) {
          throw error("unclosed tag '{!{'");
        }
        String tag = src.substring(pos + 3, end);
        advance(end + 3 - pos);
        return new Expansion.Tag(tag.trim());
      }
      return new Expansion.Tag(readDelimited('{', '}').trim());
    }
    if (ch == '"') {
      return new Expansion.Token(readDelimited('"', '"').trim().replaceAll("\\s+", " "));
    }
    if (ch == '$') {
      next();
      if (peek() == '<') {
        String uri = readDelimited('<', '>').trim();
        return uri.startsWith("#")
            ? new Expansion.RuleRef(uri.substring(1), l, c)
            : new Expansion.ExternalRef(uri, l, c);
      }
      String n = name();
      return switch (n) {
        case "NULL" -> new Expansion.Special(Expansion.Special.Kind.NULL);
        case "VOID" -> new Expansion.Special(Expansion.Special.Kind.VOID);
        case "GARBAGE" -> new Expansion.Special(Expansion.Special.Kind.GARBAGE);
        default -> new Expansion.RuleRef(n, l, c);
      };
    }
    String token = bareToken();
    if (token.isEmpty()) {
      throw error("unexpected '" + ch + "'");
    }
    return new Expansion.Token(token);
  }

  private String bareToken() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c) || "()[]{}<>|;$\"/=".indexOf(c) >= 0) {
        break;
      }
      next();
    }
    String t = src.substring(start, pos);
    int bang = t.indexOf('!'); // a language attachment: word!en-US
    return bang > 0 ? t.substring(0, bang) : t;
  }

  private String name() throws GrammarException {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':')) {
        break;
      }
      next();
    }
    if (start == pos) {
      throw error("expected a rule name");
    }
    return src.substring(start, pos);
  }

  private double number(String text, String what) throws GrammarException {
    try {
      double d = Double.parseDouble(text.trim());
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw error("bad " + what + " '" + text + "'");
    }
  }

  /** Reads from an opening delimiter at pos to its closing one; returns what is between. */
  private String readDelimited(char open, char close) throws GrammarException {
    int l = line;
    int c = col;
    if (peek() != open) {
      throw error("expected '" + open + "'");
    }
    next();
    int start = pos;
    while (pos < src.length() && src.charAt(pos) != close) {
      next();
    }
    if (pos >= src.length()) {
      throw new GrammarException("'" + open + "' is never closed by '" + close + "'", l, c);
    }
    String s = src.substring(start, pos);
    next();
    return s;
  }

  private String readUntil(char end) throws GrammarException {
    int l = line;
    int c = col;
    int start = pos;
    while (pos < src.length() && src.charAt(pos) != end) {
      next();
    }
    if (pos >= src.length()) {
      throw new GrammarException("missing '" + end + "'", l, c);
    }
    String s = src.substring(start, pos);
    next();
    return s;
  }

  private boolean peekWord(String w) {
    if (!src.startsWith(w, pos)) {
      return false;
    }
    int after = pos + w.length();
    return after >= src.length()
        || !Character.isLetterOrDigit(src.charAt(after)) && src.charAt(after) != '-';
  }

  private void word(String w) {
    advance(w.length());
  }

  private void expect(char c) throws GrammarException {
    skip();
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    next();
  }

  private boolean accept(char c) {
    if (peek() == c) {
      next();
      return true;
    }
    return false;
  }

  private char peek() {
    return pos < src.length() ? src.charAt(pos) : 0;
  }

  private void next() {
    if (src.charAt(pos) == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    pos++;
  }

  private void advance(int n) {
    for (int i = 0; i < n && pos < src.length(); i++) {
      next();
    }
  }

  /** Skips white space and comments. */
  private void skip() throws GrammarException {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c)) {
        next();
      } else if (src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          next();
        }
      } else if (src.startsWith("/*", pos)) {
        int l = line;
        int cl = col;
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          throw new GrammarException("unclosed comment", l, cl);
        }
        advance(end + 2 - pos);
      } else {
        return;
      }
    }
  }

  private GrammarException error(String problem) {
    return new GrammarException(problem, line, col);
  }
}
