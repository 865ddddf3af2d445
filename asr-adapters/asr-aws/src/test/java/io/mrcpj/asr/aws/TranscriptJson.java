package io.mrcpj.asr.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * TranscriptEvent bodies as the service writes them: {@code {"Transcript": {"Results":
 * [{"ResultId", "StartTime", "EndTime", "IsPartial", "Alternatives": [{"Transcript", "Items":
 * [{"Content", "Confidence", "Type", ...}]}]}]}}}.
 */
final class TranscriptJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TranscriptJson() {}

  /** One alternative; {@code confidences} per word, none to leave them out. */
  record Alt(String transcript, double... confidences) {}

  static Alt alt(String transcript, double... confidences) {
    return new Alt(transcript, confidences);
  }

  /** An event with one result. */
  static String event(String resultId, boolean partial, Alt... alternatives) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode results = root.putObject("Transcript").putArray("Results");
    ObjectNode r = results.addObject();
    r.put("ResultId", resultId);
    r.put("StartTime", 0.25);
    r.put("EndTime", 1.5);
    r.put("IsPartial", partial);
    r.put("ChannelId", "ch_0");
    ArrayNode alts = r.putArray("Alternatives");
    for (Alt a : alternatives) {
      ObjectNode alt = alts.addObject();
      alt.put("Transcript", a.transcript());
      ArrayNode items = alt.putArray("Items");
      String[] words = a.transcript().replaceAll("[.,?]", "").trim().split("\\s+");
      double t = 0.25;
      for (int i = 0; i < words.length; i++) {
        ObjectNode item = items.addObject();
        item.put("Content", words[i]);
        item.put("Type", "pronunciation");
        item.put("StartTime", t);
        item.put("EndTime", t += 0.3);
        item.put("VocabularyFilterMatch", false);
        if (i < a.confidences().length) {
          item.put("Confidence", a.confidences()[i]);
        }
      }
      if (a.transcript().endsWith(".")) {
        ObjectNode item = items.addObject();
        item.put("Content", ".");
        item.put("Type", "punctuation");
        item.put("StartTime", t);
        item.put("EndTime", t);
        item.put("Confidence", 0.0);
      }
    }
    return root.toString();
  }

  /** An event with no results, as the service sends while it hears nothing. */
  static String empty() {
    return "{\"Transcript\":{\"Results\":[]}}";
  }
}
