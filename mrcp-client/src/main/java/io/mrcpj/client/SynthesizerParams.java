package io.mrcpj.client;

import io.mrcpj.core.message.SynthesizerHeaders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Synthesizer parameters (RFC 6787 section 8.4): the voice (Voice-Name, Voice-Gender, Voice-Age,
 * Voice-Variant), the language (Speech-Language), prosody (Prosody-Rate, Prosody-Volume) and
 * Kill-On-Barge-In. Given with one SPEAK ({@link SpeakRequest.Builder#params}) or as the session's
 * defaults ({@link Synthesizer#setParams}). Headers keep the order they were set in.
 *
 * <p>Values are checked only as far as the RFC's grammar goes; whether the server has such a voice
 * is the server's to say (a 4xx, or Completion-Cause 005 language-unsupported).
 */
public final class SynthesizerParams {

  /** No parameters. */
  public static final SynthesizerParams NONE = builder().build();

  private final Map<String, String> headers;

  private SynthesizerParams(Builder b) {
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The headers, by name, in the order they were set. */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    return headers.toString();
  }

  /** Builds {@link SynthesizerParams}. */
  public static final class Builder {
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /** Voice-Name (RFC 6787 section 8.4): a voice the server knows, e.g. {@code default}. */
    public Builder voiceName(String name) {
      return header(SynthesizerHeaders.VOICE_NAME.name(), name);
    }

    /** Voice-Gender: {@code male}, {@code female} or {@code neutral}. */
    public Builder voiceGender(String gender) {
      String g = gender == null ? "" : gender.toLowerCase(Locale.ROOT);
      if (!g.equals("male") && !g.equals("female") && !g.equals("neutral")) {
        throw new IllegalArgumentException(
            "Voice-Gender must be male, female or neutral: " + gender);
      }
      return header(SynthesizerHeaders.VOICE_GENDER.name(), g);
    }

    /** Voice-Age in years. */
    public Builder voiceAge(int years) {
      return header(SynthesizerHeaders.VOICE_AGE.name(), nonNegative("Voice-Age", years));
    }

    /** Voice-Variant: which of several voices that fit the other Voice-* parameters. */
    public Builder voiceVariant(int variant) {
      return header(SynthesizerHeaders.VOICE_VARIANT.name(), nonNegative("Voice-Variant", variant));
    }

    /** Speech-Language, an RFC 5646 language tag such as {@code en-US}. */
    public Builder speechLanguage(String tag) {
      if (tag == null || !tag.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
        throw new IllegalArgumentException("not a language tag: '" + tag + "'");
      }
      return header(SynthesizerHeaders.SPEECH_LANGUAGE.name(), tag);
    }

    /**
     * Prosody-Rate: {@code x-slow}, {@code slow}, {@code medium}, {@code fast}, {@code x-fast},
     * {@code default}, or a number (a multiple of the default rate).
     */
    public Builder prosodyRate(String rate) {
      return header(SynthesizerHeaders.PROSODY_RATE.name(), prosody("Prosody-Rate", rate));
    }

    /**
     * Prosody-Volume: {@code silent}, {@code x-soft}, {@code soft}, {@code medium}, {@code loud},
     * {@code x-loud}, {@code default}, or a number.
     */
    public Builder prosodyVolume(String volume) {
      return header(SynthesizerHeaders.PROSODY_VOLUME.name(), prosody("Prosody-Volume", volume));
    }

    /**
     * Kill-On-Barge-In: whether a BARGE-IN-OCCURRED (or the recognizer's START-OF-INPUT) ends the
     * speech.
     */
    public Builder killOnBargeIn(boolean on) {
      return header(SynthesizerHeaders.KILL_ON_BARGE_IN.name(), Boolean.toString(on));
    }

    /**
     * Any other header, e.g. {@code Vendor-Specific-Parameters}; replaces one set before.
     *
     * @throws IllegalArgumentException for a name or value that cannot go on the wire
     */
    public Builder header(String name, String value) {
      HeaderChecks.check(name, value);
      headers.put(name, value);
      return this;
    }

    private static String nonNegative(String name, int v) {
      if (v < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + v);
      }
      return Integer.toString(v);
    }

    private static String prosody(String name, String v) {
      if (v == null || !v.matches("[A-Za-z-]{1,16}|[+-]?[0-9]{1,6}(\\.[0-9]{1,6})?%?")) {
        throw new IllegalArgumentException(name + " must be a keyword or a number: '" + v + "'");
      }
      return v;
    }

    public SynthesizerParams build() {
      return new SynthesizerParams(this);
    }
  }
}
