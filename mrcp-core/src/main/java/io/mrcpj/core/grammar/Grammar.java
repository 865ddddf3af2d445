package io.mrcpj.core.grammar;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed SRGS grammar, from either form.
 *
 * @param root the root rule's name
 * @param mode voice or dtmf
 * @param language xml:lang / ABNF language, or null
 * @param tagFormat the tag-format, or null
 * @param rules every rule by name, in the order written
 */
public record Grammar(
    String root, Mode mode, String language, String tagFormat, Map<String, Rule> rules) {

  /** SRGS mode. */
  public enum Mode {
    VOICE,
    DTMF
  }

  /** One rule. */
  public record Rule(String name, boolean isPublic, Expansion body) {}

  public Grammar {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(mode, "mode");
    rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    if (!rules.containsKey(root)) {
      throw new IllegalArgumentException("root rule " + root + " is not defined");
    }
  }

  public Rule rootRule() {
    return rules.get(root);
  }
}
