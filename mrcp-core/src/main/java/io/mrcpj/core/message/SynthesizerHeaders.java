package io.mrcpj.core.message;

/**
 * Synthesizer headers (speechsynth and basicsynth, RFC 6787 section 8.4). Completion-Cause is read
 * as text here; {@link CompletionCause} and the per-resource enums turn it into a cause.
 */
public final class SynthesizerHeaders {

  private SynthesizerHeaders() {}

  public static final HeaderField<String> JUMP_SIZE = HeaderField.text("Jump-Size");
  public static final HeaderField<Boolean> KILL_ON_BARGE_IN = HeaderField.bool("Kill-On-Barge-In");
  public static final HeaderField<String> SPEAKER_PROFILE = HeaderField.text("Speaker-Profile");
  public static final HeaderField<String> COMPLETION_CAUSE = HeaderField.text("Completion-Cause");
  public static final HeaderField<String> COMPLETION_REASON = HeaderField.text("Completion-Reason");
  public static final HeaderField<String> VOICE_GENDER =
      HeaderField.oneOf("Voice-Gender", "male", "female", "neutral");
  public static final HeaderField<Long> VOICE_AGE = HeaderField.number("Voice-Age");
  public static final HeaderField<Long> VOICE_VARIANT = HeaderField.number("Voice-Variant");
  public static final HeaderField<String> VOICE_NAME = HeaderField.text("Voice-Name");
  public static final HeaderField<String> PROSODY_VOLUME = HeaderField.text("Prosody-Volume");
  public static final HeaderField<String> PROSODY_RATE = HeaderField.text("Prosody-Rate");
  public static final HeaderField<String> SPEECH_MARKER = HeaderField.text("Speech-Marker");
  public static final HeaderField<String> SPEECH_LANGUAGE = HeaderField.text("Speech-Language");
  public static final HeaderField<String> FETCH_HINT =
      HeaderField.oneOf("Fetch-Hint", "prefetch", "safe");
  public static final HeaderField<String> AUDIO_FETCH_HINT =
      HeaderField.oneOf("Audio-Fetch-Hint", "prefetch", "safe", "stream");
  public static final HeaderField<String> FAILED_URI = HeaderField.text("Failed-URI");
  public static final HeaderField<String> FAILED_URI_CAUSE = HeaderField.text("Failed-URI-Cause");
  public static final HeaderField<Boolean> SPEAK_RESTART = HeaderField.bool("Speak-Restart");
  public static final HeaderField<String> SPEAK_LENGTH = HeaderField.text("Speak-Length");
  public static final HeaderField<Boolean> LOAD_LEXICON = HeaderField.bool("Load-Lexicon");
  public static final HeaderField<String> LEXICON_SEARCH_ORDER =
      HeaderField.text("Lexicon-Search-Order");
}
