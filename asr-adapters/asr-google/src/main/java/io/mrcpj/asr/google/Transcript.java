package io.mrcpj.asr.google;

import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import io.mrcpj.asr.spi.Hypothesis;
import java.util.ArrayList;
import java.util.List;

/**
 * What one stream heard so far, from the service's streaming results. With {@code single_utterance}
 * off the service may close several segments (a result with {@code is_final}) in one stream; the
 * stream's final result is every earlier segment's best words followed by each alternative of the
 * last segment. Interim results become partials: the finished segments plus the words of every
 * interim result in the response (the service splits the unfinished words into a stable part and a
 * part still changing). Not thread-safe: used on the stream's serial executor only.
 */
final class Transcript {

  /**
   * Confidence reported when the service gives none: it sets one only for the best alternative of a
   * final result, and 0 means "not set", not "certainly wrong". The middle value is what the other
   * engines report when they do not know.
   */
  static final float UNKNOWN = 0.5f;

  private final int nBest;
  private final List<String> segments = new ArrayList<>();
  private final List<Float> confidences = new ArrayList<>();
  private List<Hypothesis> last = List.of();
  private String lastPartial = "";

  /**
   * @param nBest most hypotheses kept per final result
   */
  Transcript(int nBest) {
    this.nBest = nBest;
  }

  /**
   * Takes one response's results; returns the partial to report, or null when nothing new was
   * heard.
   */
  Hypothesis accept(List<StreamingRecognitionResult> results) {
    StringBuilder interim = new StringBuilder();
    float stability = 0;
    for (StreamingRecognitionResult r : results) {
      if (r.getIsFinal()) {
        finished(r);
      } else if (r.getAlternativesCount() > 0) {
        if (interim.length() == 0) {
          stability = r.getStability();
        }
        interim.append(' ').append(r.getAlternatives(0).getTranscript());
      }
    }
    String words = normalise(interim.toString());
    if (words.isEmpty()) {
      return null;
    }
    String before = finishedWords();
    String text = before.isEmpty() ? words : before + " " + words;
    if (text.equals(lastPartial)) {
      return null;
    }
    lastPartial = text;
    return new Hypothesis(text, stability > 0 && stability <= 1 ? stability : UNKNOWN);
  }

  /** The stream's final N-best, best first; empty when no words were heard. */
  List<Hypothesis> complete() {
    if (segments.isEmpty()) {
      return last;
    }
    String before = joined();
    float earlier = mean();
    if (last.isEmpty()) {
      return List.of(new Hypothesis(before, earlier));
    }
    List<Hypothesis> out = new ArrayList<>(last.size());
    for (Hypothesis h : last) {
      out.add(new Hypothesis(before + " " + h.text(), Math.min(earlier, h.confidence())));
    }
    return out;
  }

  /** A segment ended: the one before it (if any) is kept by its best words only. */
  private void finished(StreamingRecognitionResult r) {
    List<Hypothesis> alternatives = alternatives(r);
    if (alternatives.isEmpty()) {
      return;
    }
    if (!last.isEmpty()) {
      segments.add(last.get(0).text());
      confidences.add(last.get(0).confidence());
    }
    last = alternatives;
  }

  /** A final result's alternatives, best first, without empty or repeated texts, at most nBest. */
  private List<Hypothesis> alternatives(StreamingRecognitionResult r) {
    List<Hypothesis> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (SpeechRecognitionAlternative a : r.getAlternativesList()) {
      String text = normalise(a.getTranscript());
      if (text.isEmpty() || seen.contains(text)) {
        continue;
      }
      seen.add(text);
      out.add(new Hypothesis(text, confidence(a.getConfidence())));
      if (out.size() == nBest) {
        break;
      }
    }
    return out;
  }

  private static float confidence(float c) {
    if (!(c > 0)) {
      return UNKNOWN; // 0 (not set), or NaN
    }
    return Math.min(1f, c);
  }

  /** Every finished segment's best words, the last one's included. */
  private String finishedWords() {
    if (last.isEmpty()) {
      return joined();
    }
    return segments.isEmpty() ? last.get(0).text() : joined() + " " + last.get(0).text();
  }

  private String joined() {
    return String.join(" ", segments);
  }

  private float mean() {
    double sum = 0;
    for (float c : confidences) {
      sum += c;
    }
    return (float) (sum / confidences.size());
  }

  private static String normalise(String text) {
    return text.trim().replaceAll("\\s+", " ");
  }
}
