package io.mrcpj.asr.aws;

import io.mrcpj.asr.spi.Hypothesis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.transcribestreaming.model.Alternative;
import software.amazon.awssdk.services.transcribestreaming.model.Item;
import software.amazon.awssdk.services.transcribestreaming.model.ItemType;
import software.amazon.awssdk.services.transcribestreaming.model.Result;

/**
 * The words of one stream so far. Transcribe cuts speech into results, each with an id; a result is
 * sent again and again with {@code IsPartial} while it grows, then once more without it when it is
 * done. The stream's words are its finished results in order; the final N-best is every finished
 * result's best alternative but the last, followed by each alternative of the last one.
 *
 * <p>Confidence is the mean of the items' (words') confidences; punctuation items and items without
 * one do not count. A hypothesis none of whose words carries a confidence is reported at 1.0: the
 * service expressed no doubt, and a made-up lower value would turn it into a no-match under the
 * client's Confidence-Threshold.
 *
 * <p>Not thread-safe: the stream calls it under its delivery lock.
 */
final class Segments {

  /** One finished result: its alternatives, best first. */
  private record Segment(List<Scored> alternatives) {}

  /** An alternative's text and the sum and count of its words' confidences. */
  private record Scored(String text, double confidenceSum, int scoredWords) {}

  private final List<Segment> finished = new ArrayList<>();
  private final Set<String> finishedIds = new HashSet<>();
  private String lastPartial = "";

  /**
   * Takes one result. Returns the partial hypothesis to report for a partial result that says
   * something new, else null.
   */
  Hypothesis add(Result result) {
    List<Scored> alternatives = scored(result.alternatives());
    if (!Boolean.TRUE.equals(result.isPartial())) {
      String id = result.resultId();
      if (id != null && !finishedIds.add(id)) {
        return null; // sent twice
      }
      if (!alternatives.isEmpty()) {
        finished.add(new Segment(alternatives));
      }
      return null;
    }
    if (alternatives.isEmpty()) {
      return null;
    }
    Scored best = alternatives.get(0);
    String text = join(earlierText(finished.size()), best.text());
    if (text.equals(lastPartial)) {
      return null;
    }
    lastPartial = text;
    return new Hypothesis(text, confidence(earlierSum(finished.size()), best));
  }

  /** The final N-best, at most {@code nBest} long; empty when nothing was heard. */
  List<Hypothesis> complete(int nBest) {
    if (finished.isEmpty()) {
      return List.of();
    }
    int lastIndex = finished.size() - 1;
    String before = earlierText(lastIndex);
    Scored earlier = earlierSum(lastIndex);
    List<Hypothesis> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Scored alt : finished.get(lastIndex).alternatives()) {
      String text = join(before, alt.text());
      if (out.size() < nBest && seen.add(text)) {
        out.add(new Hypothesis(text, confidence(earlier, alt)));
      }
    }
    return out;
  }

  private String earlierText(int segments) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < segments; i++) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(finished.get(i).alternatives().get(0).text());
    }
    return sb.toString();
  }

  private Scored earlierSum(int segments) {
    double sum = 0;
    int words = 0;
    for (int i = 0; i < segments; i++) {
      Scored best = finished.get(i).alternatives().get(0);
      sum += best.confidenceSum();
      words += best.scoredWords();
    }
    return new Scored("", sum, words);
  }

  private static String join(String before, String text) {
    return before.isEmpty() ? text : before + " " + text;
  }

  private static float confidence(Scored earlier, Scored alt) {
    int words = earlier.scoredWords() + alt.scoredWords();
    if (words == 0) {
      return 1f;
    }
    double mean = (earlier.confidenceSum() + alt.confidenceSum()) / words;
    return Double.isNaN(mean) ? 0f : (float) Math.max(0, Math.min(1, mean));
  }

  /** The alternatives with text, best first, their whitespace tidied. */
  private static List<Scored> scored(List<Alternative> alternatives) {
    List<Scored> out = new ArrayList<>();
    if (alternatives == null) {
      return out;
    }
    for (Alternative a : alternatives) {
      String text = a.transcript() == null ? "" : a.transcript().trim().replaceAll("\\s+", " ");
      if (text.isEmpty()) {
        continue;
      }
      double sum = 0;
      int words = 0;
      for (Item item : a.items()) {
        if (item.type() != ItemType.PUNCTUATION && item.confidence() != null) {
          sum += item.confidence();
          words++;
        }
      }
      out.add(new Scored(text, sum, words));
    }
    return out;
  }
}
