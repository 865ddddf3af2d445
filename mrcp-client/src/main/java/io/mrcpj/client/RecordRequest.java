package io.mrcpj.client;

import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.RecorderHeaders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One RECORD (RFC 6787 section 10): the recorder headers, the caller audio to send once the server
 * says IN-PROGRESS, and how long the client waits for RECORD-COMPLETE. Media-Type is {@code
 * audio/wav} unless set (a RECORD must carry one).
 */
public final class RecordRequest {

  /** The Media-Type used when none is given. */
  public static final String DEFAULT_MEDIA_TYPE = "audio/wav";

  private final Map<String, String> headers;
  private final AudioSource audio;
  private final Pacing pacing;
  private final boolean silenceAfterAudio;
  private final Duration timeout;

  private RecordRequest(Builder b) {
    Map<String, String> h = new LinkedHashMap<>(b.headers);
    if (h.keySet().stream().noneMatch(RecorderHeaders.MEDIA_TYPE.name()::equalsIgnoreCase)) {
      h.put(RecorderHeaders.MEDIA_TYPE.name(), DEFAULT_MEDIA_TYPE);
    }
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.audio = b.audio;
    this.pacing = b.pacing;
    this.silenceAfterAudio = b.silenceAfterAudio;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The RECORD's headers, in order. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The audio to send, or null to send none. */
  public AudioSource audio() {
    return audio;
  }

  public Pacing pacing() {
    return pacing;
  }

  /** Whether silence follows the audio until the recording completes, as on a live line. */
  public boolean silenceAfterAudio() {
    return silenceAfterAudio;
  }

  /** How long the client waits for RECORD-COMPLETE before it sends STOP and gives up. */
  public Duration timeout() {
    return timeout;
  }

  /** The RECORD for {@code channel}, without its request-id. */
  MrcpRequest.Builder message(ChannelId channel) {
    MrcpRequest.Builder b = MrcpRequest.builder().method(MrcpMethod.RECORD).channelId(channel);
    headers.forEach(b::header);
    return b;
  }

  /** Builds a {@link RecordRequest}. */
  public static final class Builder {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private AudioSource audio;
    private Pacing pacing = Pacing.REAL_TIME;
    private boolean silenceAfterAudio = true;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Record-URI: where the server stores the recording (e.g. an {@code http:} or {@code file:}
     * URI). The empty string asks the server to store it where it likes and name it in
     * RECORD-COMPLETE; with none at all the server may send the audio in the RECORD-COMPLETE body.
     */
    public Builder recordUri(String uri) {
      return header(RecorderHeaders.RECORD_URI.name(), Objects.requireNonNull(uri, "uri"));
    }

    /** Media-Type of the recording, e.g. {@code audio/wav} (the default). */
    public Builder mediaType(String type) {
      return header(RecorderHeaders.MEDIA_TYPE.name(), type);
    }

    /** Max-Time: the longest recording, counted from when capture starts. */
    public Builder maxTime(Duration d) {
      return millis(RecorderHeaders.MAX_TIME.name(), d);
    }

    /** Final-Silence: this much silence after speech ends the recording. */
    public Builder finalSilence(Duration d) {
      return millis(RecorderHeaders.FINAL_SILENCE.name(), d);
    }

    /** No-Input-Timeout: how long to wait for speech before giving up with 002 no-input-timeout. */
    public Builder noInputTimeout(Duration d) {
      return millis(RecorderHeaders.NO_INPUT_TIMEOUT.name(), d);
    }

    /** Capture-On-Speech: start capturing only when speech starts (default false: at once). */
    public Builder captureOnSpeech(boolean on) {
      return header(RecorderHeaders.CAPTURE_ON_SPEECH.name(), Boolean.toString(on));
    }

    /** Start-Input-Timers: false holds the no-input timer until START-INPUT-TIMERS. */
    public Builder startInputTimers(boolean on) {
      return header(RecorderHeaders.START_INPUT_TIMERS.name(), Boolean.toString(on));
    }

    /** Sensitivity-Level, 0.0-1.0: how readily the server hears speech. */
    public Builder sensitivityLevel(float level) {
      if (!(level >= 0f && level <= 1f)) {
        throw new IllegalArgumentException("Sensitivity-Level must be 0.0-1.0: " + level);
      }
      return header(RecorderHeaders.SENSITIVITY_LEVEL.name(), Float.toString(level));
    }

    /**
     * Any other header; replaces one set before.
     *
     * @throws IllegalArgumentException for a name or value that cannot go on the wire
     */
    public Builder header(String name, String value) {
      HeaderChecks.check(name, value);
      headers.put(name, value);
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

    /** How long to wait for RECORD-COMPLETE (default 60 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    private Builder millis(String name, Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return header(name, Long.toString(d.toMillis()));
    }

    public RecordRequest build() {
      return new RecordRequest(this);
    }
  }
}
