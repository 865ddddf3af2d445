package io.mrcpj.core.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the grammar references of a RECOGNIZE body: {@code text/uri-list} (RFC 2483, one URI per
 * line, {@code #} comments) and {@code text/grammar-ref-list} (RFC 6787 section 13.5.1, one {@code
 * <uri>;weight="0.85"} per line). Order is kept: when several grammars match, the earlier wins (RFC
 * 6787 section 9.9).
 */
public final class GrammarRefs {

  /** text/uri-list. */
  public static final String URI_LIST = "text/uri-list";

  /** text/grammar-ref-list. */
  public static final String GRAMMAR_REF_LIST = "text/grammar-ref-list";

  /** Most references one body may hold. */
  public static final int MAX_REFS = 64;

  /**
   * One reference.
   *
   * @param uri the grammar's URI ({@code session:}, {@code builtin:}, {@code http:} ...)
   * @param weight its weight (1.0 when none is given)
   */
  public record Ref(String uri, double weight) {}

  private GrammarRefs() {}

  /**
   * Parses a body of either type.
   *
   * @throws GrammarException naming the line when it is not a reference (or there are too many)
   */
  public static List<Ref> parse(String contentType, String body) throws GrammarException {
    boolean refList = GRAMMAR_REF_LIST.equalsIgnoreCase(contentType);
    List<Ref> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : body.split("\r?\n|\r")) {
      lineNo++;
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (out.size() == MAX_REFS) {
        throw new GrammarException("more than " + MAX_REFS + " grammar references");
      }
      out.add(refList || t.startsWith("<") ? ref(t, lineNo) : new Ref(check(t, lineNo), 1.0));
    }
    return out;
  }

  private static Ref ref(String line, int lineNo) throws GrammarException {
    if (!line.startsWith("<")) {
      return new Ref(check(line.split(";", 2)[0].trim(), lineNo), 1.0);
    }
    int close = line.indexOf('>');
    if (close < 0) {
      throw new GrammarException("no '>' after the URI", lineNo, 1);
    }
    String uri = check(line.substring(1, close).trim(), lineNo);
    double weight = 1.0;
    for (String param : line.substring(close + 1).split(";")) {
      String p = param.trim();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = p.substring(eq + 1).trim().replace("\"", "");
      if (name.equals("weight")) {
        try {
          weight = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new GrammarException("weight is not a number: '" + value + "'", lineNo, eq + 2);
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
          throw new GrammarException("weight must be 0 or more: '" + value + "'", lineNo, eq + 2);
        }
      }
    }
    return new Ref(uri, weight);
  }

  private static String check(String uri, int lineNo) throws GrammarException {
    if (uri.isEmpty() || uri.length() > 2048 || uri.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new GrammarException("not a URI", lineNo, 1);
    }
    if (uri.indexOf(':') <= 0) {
      throw new GrammarException(
          "not an absolute URI: '" + (uri.length() > 80 ? uri.substring(0, 80) : uri) + "'",
          lineNo,
          1);
    }
    return uri;
  }
}
