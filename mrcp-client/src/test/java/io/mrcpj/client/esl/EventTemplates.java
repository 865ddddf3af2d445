package io.mrcpj.client.esl;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real FreeSWITCH events to base made-up ones on: the first JSON event of a name in a capture, as
 * an ordered map of its fields (every header FreeSWITCH really sends), ready to have the call's id,
 * digit or body changed.
 */
public final class EventTemplates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventTemplates() {}

  /**
   * The first JSON event named {@code eventName} whose fields also match {@code extra}, given as
   * {@code Name=value} pairs.
   */
  public static Map<String, Object> of(String capture, String eventName, String... extra) {
    String key = capture + " " + eventName + " " + String.join(" ", extra);
    return new LinkedHashMap<>(CACHE.computeIfAbsent(key, k -> find(capture, eventName, extra)));
  }

  private static final Map<String, Map<String, Object>> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<String, Object> find(String capture, String eventName, String... extra) {
    for (EslCapture.Step step : EslCapture.load(capture).fromFreeswitch()) {
      if (!step.summary().startsWith("text/event-json")) {
        continue;
      }
      Map<String, Object> e;
      try {
        e =
            JSON.readValue(
                EslCapture.body(step), new TypeReference<LinkedHashMap<String, Object>>() {});
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      boolean match = eventName.equals(e.get("Event-Name"));
      for (String x : extra) {
        String[] kv = x.split("=", 2);
        match &= kv[1].equals(e.get(kv[0]));
      }
      if (match) {
        return e;
      }
    }
    throw new AssertionError(capture + ": no JSON event " + eventName + " " + List.of(extra));
  }

  public static Map<String, Object> dtmf(String uuid, char digit) {
    Map<String, Object> e = of("inbound-json", "DTMF");
    e.put("Unique-ID", uuid);
    e.put("Channel-Call-UUID", uuid);
    e.put("DTMF-Digit", String.valueOf(digit));
    return e;
  }

  public static Map<String, Object> hangupComplete(String uuid, String cause) {
    Map<String, Object> e = of("detected-speech", "CHANNEL_HANGUP_COMPLETE");
    e.put("Unique-ID", uuid);
    e.put("Hangup-Cause", cause);
    e.put("variable_hangup_cause", cause);
    return e;
  }

  public static Map<String, Object> executeComplete(
      String uuid, String app, String arg, String appUuid, Map<String, String> variables) {
    Map<String, Object> e = of("detected-speech", "CHANNEL_EXECUTE_COMPLETE");
    e.put("Unique-ID", uuid);
    e.put("Application", app);
    e.put("Application-Data", arg == null ? "" : arg);
    e.put("Application-UUID", appUuid);
    e.put("Application-Response", "_none_");
    variables.forEach((k, v) -> e.put("variable_" + k, v));
    return e;
  }

  public static Map<String, Object> detectedSpeech(String uuid, String type, String nlsml) {
    Map<String, Object> e = of("detected-speech", "DETECTED_SPEECH", "Speech-Type=" + type);
    e.put("Unique-ID", uuid);
    if (nlsml != null) {
      e.put(
          "Content-Length",
          String.valueOf(nlsml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      e.put("_body", nlsml);
    }
    return e;
  }

  public static Map<String, Object> backgroundJob(String jobUuid, String command, String result) {
    Map<String, Object> e = of("inbound-json", "BACKGROUND_JOB");
    e.put("Job-UUID", jobUuid);
    int space = command.indexOf(' ');
    e.put("Job-Command", space < 0 ? command : command.substring(0, space));
    e.put("Job-Command-Arg", space < 0 ? "" : command.substring(space + 1));
    e.put(
        "Content-Length",
        String.valueOf(result.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    e.put("_body", result);
    return e;
  }

  public static Map<String, Object> custom(String subclass, Map<String, String> headers) {
    Map<String, Object> e = of("detected-speech", "CUSTOM");
    e.entrySet().removeIf(x -> x.getKey().startsWith("Profile") || x.getKey().startsWith("MRCP"));
    e.put("Event-Subclass", subclass);
    e.putAll(headers);
    return e;
  }
}
