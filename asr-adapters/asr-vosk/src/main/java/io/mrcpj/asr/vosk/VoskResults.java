package io.mrcpj.asr.vosk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mrcpj.asr.spi.Hypothesis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads Vosk's JSON results and writes its grammar JSON. */
final class VoskResults {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VoskResults() {}

  /**
   * Vosk's runtime grammar: a JSON array of phrases in lower case, plus {@code [unk]} so speech
   * outside the grammar comes back as unknown instead of being forced onto a phrase.
   */
  static String grammarJson(List<String> phrases) {
    Set<String> unique = new LinkedHashSet<>();
    for (String p : phrases) {
      String norm = p.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
      if (!norm.isEmpty()) {
        unique.add(norm);
      }
    }
    ArrayNode array = JSON.createArrayNode();
    unique.forEach(array::add);
    array.add("[unk]");
    return array.toString();
  }

  /**
   * Parses a result. With alternatives (N-best) Vosk gives each path a total score, not a
   * probability: the scores are turned into probabilities over the N paths (softmax), which keeps
   * their order and spacing. A single result carries per-word confidences: their mean is the
   * confidence. Words Vosk marks {@code [unk]} are dropped.
   */
  static List<Hypothesis> parse(String json, int nBest) {
    JsonNode root = read(json);
    JsonNode alternatives = root.path("alternatives");
    if (alternatives.isArray() && !alternatives.isEmpty()) {
      List<String> texts = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      for (JsonNode alt : alternatives) {
        String text = clean(alt.path("text").asText(""));
        if (text.isEmpty() || texts.contains(text)) {
          continue;
        }
        texts.add(text);
        scores.add(alt.path("confidence").asDouble(0));
      }
      double max = scores.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      double sum = scores.stream().mapToDouble(s -> Math.exp(s - max)).sum();
      List<Hypothesis> out = new ArrayList<>();
      for (int i = 0; i < texts.size() && out.size() < nBest; i++) {
        out.add(new Hypothesis(texts.get(i), (float) (Math.exp(scores.get(i) - max) / sum)));
      }
      return out;
    }
    String text = clean(root.path("text").asText(""));
    if (text.isEmpty()) {
      return List.of();
    }
    JsonNode words = root.path("result");
    double total = 0;
    int n = 0;
    for (JsonNode w : words) {
      if (!"[unk]".equals(w.path("word").asText())) {
        total += w.path("conf").asDouble(1.0);
        n++;
      }
    }
    float conf = n == 0 ? 1f : (float) Math.max(0, Math.min(1, total / n));
    return List.of(new Hypothesis(text, conf));
  }

  /**
   * The text of a partial result, or empty. Unlike final results it keeps {@code [unk]}: speech
   * outside the phrases so far, which tells the server early that nothing can match.
   */
  static String partialText(String json) {
    return read(json).path("partial").asText("").trim().replaceAll("\\s+", " ");
  }

  private static String clean(String text) {
    return text.replace("[unk]", " ").trim().replaceAll("\\s+", " ");
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json == null ? "{}" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Vosk returned unreadable JSON: " + json, e);
    }
  }
}
