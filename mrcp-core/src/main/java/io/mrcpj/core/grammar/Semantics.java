package io.mrcpj.core.grammar;

import io.mrcpj.core.xml.SafeXml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The literal subset of SRGS semantic tags (SISR 1.0 "semantics/1.0-literals" and the simplest
 * script assignments), which is what telephony grammars use in practice: {@code out="yes"} (or
 * {@code 'yes'}, or a bare token) sets the result, {@code out.city="Boston"} sets a slot of it, and
 * a tag that is no assignment is itself the literal. Anything else in a tag is ignored, not
 * executed: there is no script engine.
 *
 * <p>The value for NLSML's {@code <instance>}: slots become elements ({@code <city>Boston</city>}),
 * else the last literal on the path, else the words themselves (RFC 6787 section 9.6.3.3).
 */
public final class Semantics {

  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "^\\s*out(?:\\.([A-Za-z_][A-Za-z0-9_.-]*))?\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^;\\s\"']+))\\s*$");

  private Semantics() {}

  /**
   * A semantic result.
   *
   * @param text the instance: plain text, or XML elements when {@code xml}
   * @param xml whether {@code text} is markup (slots) to be written as is
   */
  public record Value(String text, boolean xml) {}

  /**
   * The semantic value of the tags met along one path through a grammar that matched {@code words}.
   */
  public static Value evaluate(List<String> tags, String words) {
    String literal = null;
    Map<String, String> slots = new LinkedHashMap<>();
    for (String tag : tags) {
      String t = tag.trim();
      if (t.isEmpty()) {
        continue;
      }
      boolean assignment = false;
      for (String statement : t.split(";")) {
        Matcher m = ASSIGNMENT.matcher(statement);
        if (!m.matches()) {
          continue;
        }
        assignment = true;
        String value =
            m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
        if (m.group(1) == null) {
          literal = value;
          slots.clear();
        } else {
          slots.put(m.group(1), value);
        }
      }
      if (!assignment && !t.contains("=") && !t.contains("(")) {
        literal = t; // semantics/1.0-literals: the tag's text is the value
        slots.clear();
      }
    }
    if (!slots.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : slots.entrySet()) {
        String name = e.getKey().replace('.', '_');
        sb.append('<').append(name).append('>');
        sb.append(SafeXml.escape(e.getValue()));
        sb.append("</").append(name).append('>');
      }
      return new Value(sb.toString(), true);
    }
    return new Value(literal != null ? literal : words, false);
  }
}
