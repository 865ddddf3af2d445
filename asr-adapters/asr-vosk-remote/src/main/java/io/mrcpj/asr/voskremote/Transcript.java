package io.mrcpj.asr.voskremote;

import io.mrcpj.asr.spi.Hypothesis;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of one stream so far. Vosk cuts speech into segments at pauses and answers each
 * finished one with a result before the end of input; the stream's final result is every earlier
 * segment's best words followed by each hypothesis of the last segment. Not thread-safe: used on
 * the stream's event loop only.
 */
final class Transcript {

  private final List<String> words = new ArrayList<>();
  private double confidenceSum;
  private String lastPartial = "";

  /** A finished segment; only its best hypothesis is kept. */
  void segment(List<Hypothesis> nBest) {
    if (!nBest.isEmpty()) {
      words.add(nBest.get(0).text());
      confidenceSum += nBest.get(0).confidence();
    }
  }

  /**
   * The partial hypothesis to report for the current segment's {@code partial} words, or null when
   * it says nothing new.
   */
  Hypothesis partial(String partial) {
    if (partial.isEmpty()) {
      return null;
    }
    String text = words.isEmpty() ? partial : String.join(" ", words) + " " + partial;
    if (text.equals(lastPartial)) {
      return null;
    }
    lastPartial = text;
    // Vosk gives partials no confidence; the embedded engine reports the same middle value.
    return new Hypothesis(text, 0.5f);
  }

  /**
   * The final N-best given the last segment's: earlier segments go in front of each, and the
   * confidence is at most the earlier segments' mean.
   */
  List<Hypothesis> complete(List<Hypothesis> last) {
    if (words.isEmpty()) {
      return last;
    }
    String before = String.join(" ", words);
    float earlier = (float) (confidenceSum / words.size());
    if (last.isEmpty()) {
      return List.of(new Hypothesis(before, earlier));
    }
    List<Hypothesis> out = new ArrayList<>(last.size());
    for (Hypothesis h : last) {
      out.add(new Hypothesis(before + " " + h.text(), Math.min(earlier, h.confidence())));
    }
    return out;
  }
}
