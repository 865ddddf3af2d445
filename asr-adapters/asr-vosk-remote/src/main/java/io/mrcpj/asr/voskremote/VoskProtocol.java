package io.mrcpj.asr.voskremote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mrcpj.asr.spi.Hypothesis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The messages of vosk-server's WebSocket protocol. The client may first send a text message {@code
 * {"config": {...}}}, then binary messages of 16-bit little-endian mono PCM, then the text {@code
 * {"eof" : 1}}. The server answers every binary message and the end-of-input message with exactly
 * one JSON text message: a partial ({@code {"partial": "..."}}), a result ({@code {"result":
 * [{"conf", "start", "end", "word"}...], "text": "..."}}) or, when alternatives were asked for,
 * {@code {"alternatives": [{"confidence", "text"}...]}}. A result before the end of input closes a
 * segment (Vosk found a pause); the answer to the end of input is the last one.
 */
final class VoskProtocol {

  /**
   * The end-of-input message. vosk-server compares the whole text with exactly this spelling
   * (spaces included), so it is a constant and not written by the JSON library.
   */
  static final String EOF = "{\"eof\" : 1}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private VoskProtocol() {}

  /** What one server message said. */
  sealed interface Reply permits Partial, Result, Other {}

  /** Words so far in the current segment; may contain {@code [unk]}. */
  record Partial(String text) implements Reply {}

  /** A finished segment (or, after the end of input, the last one): best first, maybe empty. */
  record Result(List<Hypothesis> nBest) implements Reply {}

  /** A JSON object of no known shape; answered a message all the same. */
  record Other() implements Reply {}

  /** The server sent something that is not a JSON object. */
  static final class MalformedReplyException extends Exception {
    MalformedReplyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The configuration message. Phrases become Vosk's runtime grammar ({@code phrase_list}): lower
   * case (the models' words are), duplicates dropped, plus {@code [unk]} so speech outside the
   * grammar comes back unknown instead of forced onto a phrase, as with the embedded engine. {@code
   * sample_rate} and {@code max_alternatives} are always sent, because vosk-server's own defaults
   * (8000 and whatever its operator set) need not match this stream.
   */
  static String config(int sampleRate, int maxAlternatives, List<String> phrases) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode config = root.putObject("config");
    config.put("sample_rate", sampleRate);
    config.put("max_alternatives", maxAlternatives);
    config.put("words", 1);
    Set<String> unique = new LinkedHashSet<>();
    for (String p : phrases) {
      String norm = normalise(p.toLowerCase(Locale.ROOT));
      if (!norm.isEmpty()) {
        unique.add(norm);
      }
    }
    if (!unique.isEmpty()) {
      ArrayNode list = config.putArray("phrase_list");
      unique.forEach(list::add);
      list.add("[unk]");
    }
    return root.toString();
  }

  /** Reads one server message; {@code nBest} caps the hypotheses kept. */
  static Reply parse(String text, int nBest) throws MalformedReplyException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedReplyException("malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedReplyException(
          "a JSON " + (root == null ? "nothing" : root.getNodeType()) + ", not an object", null);
    }
    JsonNode alternatives = root.get("alternatives");
    if (alternatives != null && alternatives.isArray()) {
      return new Result(alternatives(alternatives, nBest));
    }
    if (root.has("text") || root.has("result")) {
      return new Result(single(root));
    }
    if (root.has("partial")) {
      return new Partial(normalise(root.path("partial").asText("")));
    }
    return new Other();
  }

  /**
   * N-best from {@code alternatives}. Vosk gives each path a total score, not a probability: the
   * scores become probabilities over the paths (softmax), which keeps their order and spacing and
   * matches what the embedded engine reports for the same audio. Texts that are empty or repeat an
   * earlier one once {@code [unk]} is dropped are skipped.
   */
  private static List<Hypothesis> alternatives(JsonNode array, int nBest) {
    List<String> texts = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (JsonNode alt : array) {
      String text = withoutUnknown(alt.path("text").asText(""));
      if (text.isEmpty() || texts.contains(text)) {
        continue;
      }
      texts.add(text);
      scores.add(alt.path("confidence").asDouble(0));
    }
    double top = scores.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double sum = scores.stream().mapToDouble(s -> Math.exp(s - top)).sum();
    List<Hypothesis> out = new ArrayList<>();
    for (int i = 0; i < texts.size() && out.size() < nBest; i++) {
      out.add(new Hypothesis(texts.get(i), clamp(Math.exp(scores.get(i) - top) / sum)));
    }
    return out;
  }

  /** One hypothesis whose confidence is the mean of its words' {@code conf}, or none. */
  private static List<Hypothesis> single(JsonNode root) {
    String text = withoutUnknown(root.path("text").asText(""));
    if (text.isEmpty()) {
      return List.of();
    }
    double total = 0;
    int words = 0;
    for (JsonNode w : root.path("result")) {
      if (!"[unk]".equals(w.path("word").asText())) {
        total += w.path("conf").asDouble(1.0);
        words++;
      }
    }
    return List.of(new Hypothesis(text, words == 0 ? 1f : clamp(total / words)));
  }

  private static float clamp(double v) {
    return Double.isNaN(v) ? 0f : (float) Math.max(0, Math.min(1, v));
  }

  private static String withoutUnknown(String text) {
    return normalise(text.replace("[unk]", " "));
  }

  private static String normalise(String text) {
    return text.trim().replaceAll("\\s+", " ");
  }
}
