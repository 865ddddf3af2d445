package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.Hypothesis;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one stream heard so far. The service cuts speech into sentences, numbered from 1: while one
 * grows it sends {@code TranscriptionResultChanged} with the sentence's words so far, and {@code
 * SentenceEnd} with its final words and a confidence when it ends. The stream's text is its
 * sentences in order; a partial is the ended sentences followed by the words of the one growing.
 *
 * <p>The service gives one hypothesis per sentence, so the final result has one hypothesis: no
 * N-best. Its confidence is the mean of the sentences' confidences, or {@value #UNKNOWN} when the
 * service gave none (as for every partial: the service gives partials no confidence; the other
 * engines report the same middle value when they do not know). If the service completes while a
 * sentence has not ended, its last words are kept, without a confidence.
 *
 * <p>Sentences are joined with a space except next to Chinese or Japanese characters and their
 * punctuation, which are written without spaces ({@code 你好。} + {@code 今天} is {@code 你好。今天}; {@code
 * Hello.} + {@code Bye} is {@code Hello. Bye}).
 *
 * <p>Not thread-safe: the stream calls it under its delivery lock.
 */
final class Sentences {

  static final float UNKNOWN = 0.5f;

  /** One ended sentence; a null confidence is one the service did not give. */
  private record Sentence(String text, Double confidence) {}

  private final Map<Integer, Sentence> ended = new TreeMap<>();
  private int growingIndex = -1;
  private String growing = "";
  private String lastPartial = "";

  /** A sentence's words so far; returns the partial to report, or null when it says nothing new. */
  Hypothesis changed(Integer index, String text) {
    String words = tidy(text);
    if (words.isEmpty()) {
      return null;
    }
    growingIndex = index == null ? -1 : index;
    growing = words;
    String partial = join(endedText(), words);
    if (partial.equals(lastPartial)) {
      return null;
    }
    lastPartial = partial;
    return new Hypothesis(partial, UNKNOWN);
  }

  /** A sentence ended; the same index sent again replaces it. */
  void ended(Integer index, String text, Double confidence) {
    int key = index != null ? index : ended.size() + 1;
    ended.put(key, new Sentence(tidy(text), confidence));
    if (index == null || index == growingIndex) {
      growing = "";
    }
  }

  /** The final result: one hypothesis, or none when nothing was heard. */
  List<Hypothesis> complete() {
    String text = join(endedText(), growing);
    if (text.isEmpty()) {
      return List.of();
    }
    double sum = 0;
    int known = 0;
    for (Sentence s : ended.values()) {
      if (!s.text().isEmpty() && s.confidence() != null && !s.confidence().isNaN()) {
        sum += Math.max(0, Math.min(1, s.confidence()));
        known++;
      }
    }
    return List.of(new Hypothesis(text, known == 0 ? UNKNOWN : (float) (sum / known)));
  }

  private String endedText() {
    String text = "";
    for (Sentence s : ended.values()) {
      text = join(text, s.text());
    }
    return text;
  }

  /** {@code a} and {@code b}, with a space between unless either side of the join is CJK. */
  static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    boolean tight = cjk(a.codePointBefore(a.length())) || cjk(b.codePointAt(0));
    return tight ? a + b : a + " " + b;
  }

  /** Han, kana, and the CJK and full-width punctuation written with them. */
  static boolean cjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    if (script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA) {
      return true;
    }
    Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
    return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
        || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
  }

  private static String tidy(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
