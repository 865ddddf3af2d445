package io.mrcpj.core.grammar;

import java.util.Locale;

/**
 * One sentence a grammar accepts, with its semantic value.
 *
 * @param text the words, separated by single spaces (empty for $NULL-only paths)
 * @param semantic the tag literal ({@code out="yes"} gives {@code yes}, a plain tag its text), or
 *     the words when the path has no tag
 * @param weight the product of the alternative weights along the path
 */
public record Phrase(String text, String semantic, double weight) {

  /** Lower case, punctuation dropped, white space collapsed: how phrases are compared. */
  public static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT)
        .replaceAll("[\\p{Punct}&&[^'*#]]", " ")
        .trim()
        .replaceAll("\\s+", " ");
  }
}
