package io.mrcpj.client;

import io.mrcpj.core.message.RecognizerHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One RECOGNIZE (RFC 6787 section 9.9): its grammars, the caller audio to send once the server says
 * IN-PROGRESS, the recognizer headers, and how long the client waits for the result.
 */
public final class RecognizeRequest {

  private final List<Grammar> grammars;
  private final AudioSource audio;
  private final Pacing pacing;
  private final boolean silenceAfterAudio;
  private final Map<String, String> headers;
  private final Duration timeout;

  private RecognizeRequest(Builder b) {
    if (b.grammars.isEmpty()) {
      throw new IllegalArgumentException("a RECOGNIZE needs at least one grammar");
    }
    this.grammars = List.copyOf(b.grammars);
    this.audio = b.audio;
    this.pacing = b.pacing;
    this.silenceAfterAudio = b.silenceAfterAudio;
    this.headers = Map.copyOf(b.headers);
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Grammar> grammars() {
    return grammars;
  }

  /** The audio to send, or null to send none. */
  public AudioSource audio() {
    return audio;
  }

  public Pacing pacing() {
    return pacing;
  }

  /** Whether silence follows the audio until the recognition completes, as on a live line. */
  public boolean silenceAfterAudio() {
    return silenceAfterAudio;
  }

  /** Extra MRCP headers, by name. */
  public Map<String, String> headers() {
    return headers;
  }

  /** How long the client waits for RECOGNITION-COMPLETE before it sends STOP and gives up. */
  public Duration timeout() {
    return timeout;
  }

  /** Builds a {@link RecognizeRequest}. */
  public static final class Builder {
    private final List<Grammar> grammars = new ArrayList<>();
    private AudioSource audio;
    private Pacing pacing = Pacing.REAL_TIME;
    private boolean silenceAfterAudio = true;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    public Builder grammar(Grammar grammar) {
      grammars.add(Objects.requireNonNull(grammar, "grammar"));
      return this;
    }

    public Builder grammars(List<Grammar> list) {
      list.forEach(this::grammar);
      return this;
    }

    public Builder audio(AudioSource audio) {
      this.audio = audio;
      return this;
    }

    public Builder pacing(Pacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing");
      return this;
    }

    public Builder silenceAfterAudio(boolean on) {
      this.silenceAfterAudio = on;
      return this;
    }

    /**
     * Any MRCP header, e.g. {@code Vendor-Specific-Parameters}.
     *
     * @throws IllegalArgumentException for a name or value that cannot go on the wire
     */
    public Builder header(String name, String value) {
      HeaderChecks.check(name, value);
      headers.put(name, value);
      return this;
    }

    public Builder noInputTimeout(Duration d) {
      return header(RecognizerHeaders.NO_INPUT_TIMEOUT.name(), Long.toString(d.toMillis()));
    }

    public Builder recognitionTimeout(Duration d) {
      return header(RecognizerHeaders.RECOGNITION_TIMEOUT.name(), Long.toString(d.toMillis()));
    }

    public Builder speechCompleteTimeout(Duration d) {
      return header(RecognizerHeaders.SPEECH_COMPLETE_TIMEOUT.name(), Long.toString(d.toMillis()));
    }

    public Builder startInputTimers(boolean on) {
      return header(RecognizerHeaders.START_INPUT_TIMERS.name(), Boolean.toString(on));
    }

    public Builder confidenceThreshold(float threshold) {
      if (!(threshold >= 0f && threshold <= 1f)) {
        throw new IllegalArgumentException("confidence threshold must be 0.0-1.0: " + threshold);
      }
      return header(RecognizerHeaders.CONFIDENCE_THRESHOLD.name(), Float.toString(threshold));
    }

    public Builder nBest(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("N-best length must be at least 1: " + n);
      }
      return header(RecognizerHeaders.N_BEST_LIST_LENGTH.name(), Integer.toString(n));
    }

    public Builder speechLanguage(String language) {
      return header(RecognizerHeaders.SPEECH_LANGUAGE.name(), language);
    }

    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public RecognizeRequest build() {
      return new RecognizeRequest(this);
    }
  }
}
