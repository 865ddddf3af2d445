package io.mrcpj.server.resource.recorder;

import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recorder channel's parameters (RFC 6787 section 10.4), set by SET-PARAMS and overlaid by each
 * RECORD's headers. Times in milliseconds; -1 means "the server's default" for Final-Silence and
 * No-Input-Timeout; Max-Time 0 means "the server's limit".
 */
record RecorderParams(
    String recordUri,
    String mediaType,
    long maxTime,
    long trimLength,
    long finalSilence,
    boolean captureOnSpeech,
    long noInputTimeout,
    boolean startInputTimers,
    float sensitivity) {

  static final RecorderParams DEFAULTS =
      new RecorderParams("", "audio/wav", 0, 0, -1, false, -1, true, 0.5f);

  /** Headers with values that are wrong: answered with {@link #status} echoing them. */
  static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;
    final StatusCode status;
    final transient List<MrcpHeaders.Header> echoed;

    Bad(StatusCode status, List<MrcpHeaders.Header> echoed, String reason) {
      super(reason, null, false, false);
      this.status = status;
      this.echoed = List.copyOf(echoed);
    }

    MrcpResponse answer(MrcpRequest request) {
      MrcpResponse.Builder b = MrcpResponse.to(request, status, RequestState.COMPLETE);
      echoed.forEach(h -> b.header(h.name(), h.value()));
      return b.build();
    }
  }

  /**
   * These parameters with {@code headers} on top.
   *
   * @throws Bad 404 for a value that is not valid, 409 for a Media-Type other than audio/wav
   */
  RecorderParams with(MrcpHeaders headers) throws Bad {
    String uri = recordUri;
    String type = mediaType;
    long max = maxTime;
    long trim = trimLength;
    long silence = finalSilence;
    boolean onSpeech = captureOnSpeech;
    long noInput = noInputTimeout;
    boolean timers = startInputTimers;
    float sens = sensitivity;
    List<MrcpHeaders.Header> bad = new ArrayList<>();
    List<MrcpHeaders.Header> unsupported = new ArrayList<>();
    for (MrcpHeaders.Header h : headers.all()) {
      String v = h.value().trim();
      try {
        switch (h.name().toLowerCase(Locale.ROOT)) {
          case "record-uri" -> uri = v;
          case "media-type" -> {
            String t = v.toLowerCase(Locale.ROOT);
            if (t.equals("audio/wav") || t.equals("audio/x-wav") || t.equals("audio/wave")) {
              type = t;
            } else {
              unsupported.add(h);
            }
          }
          case "max-time" -> max = millis(v);
          case "trim-length" -> trim = millis(v);
          case "final-silence" -> silence = millis(v);
          case "no-input-timeout" -> noInput = millis(v);
          case "capture-on-speech" -> onSpeech = bool(v);
          case "start-input-timers" -> timers = bool(v);
          case "sensitivity-level" -> {
            float f = Float.parseFloat(v);
            if (!(f >= 0 && f <= 1)) {
              throw new IllegalArgumentException();
            }
            sens = f;
          }
          default -> {
            // generic and unknown headers: not a recorder parameter
          }
        }
      } catch (IllegalArgumentException e) {
        bad.add(h);
      }
    }
    if (!bad.isEmpty()) {
      throw new Bad(StatusCode.ILLEGAL_HEADER_VALUE, bad, "illegal value: " + bad);
    }
    if (!unsupported.isEmpty()) {
      throw new Bad(StatusCode.UNSUPPORTED_HEADER_VALUE, unsupported, "only audio/wav is recorded");
    }
    return new RecorderParams(uri, type, max, trim, silence, onSpeech, noInput, timers, sens);
  }

  private static long millis(String v) {
    long n = Long.parseLong(v);
    if (n < 0 || n > 86_400_000L) {
      throw new IllegalArgumentException();
    }
    return n;
  }

  private static boolean bool(String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException();
  }

  /** Adds to {@code b} the values GET-PARAMS asks for (all when it names none). */
  void report(MrcpHeaders asked, MrcpResponse.Builder b) {
    List<String> names = new ArrayList<>();
    for (MrcpHeaders.Header h : asked.all()) {
      if (!h.name().equalsIgnoreCase("Channel-Identifier")) {
        names.add(h.name());
      }
    }
    boolean all = names.isEmpty();
    String[][] values = {
      {"Record-URI", recordUri},
      {"Media-Type", mediaType},
      {"Max-Time", Long.toString(maxTime)},
      {"Trim-Length", Long.toString(trimLength)},
      {"Final-Silence", finalSilence < 0 ? "" : Long.toString(finalSilence)},
      {"Capture-On-Speech", Boolean.toString(captureOnSpeech)},
      {"No-Input-Timeout", noInputTimeout < 0 ? "" : Long.toString(noInputTimeout)},
      {"Start-Input-Timers", Boolean.toString(startInputTimers)},
      {"Sensitivity-Level", Float.toString(sensitivity)}
    };
    for (String[] kv : values) {
      if (all || names.stream().anyMatch(kv[0]::equalsIgnoreCase)) {
        b.header(kv[0], kv[1]);
      }
    }
  }
}
