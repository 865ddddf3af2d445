package io.mrcpj.core.message;

/**
 * Recognizer headers (speechrecog and dtmfrecog, RFC 6787 section 9.4). Completion-Cause is read as
 * text here; {@link CompletionCause} and the per-resource enums turn it into a cause.
 */
public final class RecognizerHeaders {

  private RecognizerHeaders() {}

  public static final HeaderField<Float> CONFIDENCE_THRESHOLD =
      HeaderField.fraction("Confidence-Threshold");
  public static final HeaderField<Float> SENSITIVITY_LEVEL =
      HeaderField.fraction("Sensitivity-Level");
  public static final HeaderField<Float> SPEED_VS_ACCURACY =
      HeaderField.fraction("Speed-Vs-Accuracy");
  public static final HeaderField<Long> N_BEST_LIST_LENGTH =
      HeaderField.number("N-Best-List-Length");
  public static final HeaderField<String> INPUT_TYPE = HeaderField.text("Input-Type");
  public static final HeaderField<Long> NO_INPUT_TIMEOUT = HeaderField.number("No-Input-Timeout");
  public static final HeaderField<Long> RECOGNITION_TIMEOUT =
      HeaderField.number("Recognition-Timeout");
  public static final HeaderField<String> WAVEFORM_URI = HeaderField.text("Waveform-URI");
  public static final HeaderField<String> INPUT_WAVEFORM_URI =
      HeaderField.text("Input-Waveform-URI");
  public static final HeaderField<String> COMPLETION_CAUSE = HeaderField.text("Completion-Cause");
  public static final HeaderField<String> COMPLETION_REASON = HeaderField.text("Completion-Reason");
  public static final HeaderField<String> RECOGNIZER_CONTEXT_BLOCK =
      HeaderField.text("Recognizer-Context-Block");
  public static final HeaderField<Boolean> START_INPUT_TIMERS =
      HeaderField.bool("Start-Input-Timers");
  public static final HeaderField<Long> SPEECH_COMPLETE_TIMEOUT =
      HeaderField.number("Speech-Complete-Timeout");
  public static final HeaderField<Long> SPEECH_INCOMPLETE_TIMEOUT =
      HeaderField.number("Speech-Incomplete-Timeout");
  public static final HeaderField<Long> DTMF_INTERDIGIT_TIMEOUT =
      HeaderField.number("DTMF-Interdigit-Timeout");
  public static final HeaderField<Long> DTMF_TERM_TIMEOUT = HeaderField.number("DTMF-Term-Timeout");
  public static final HeaderField<String> DTMF_TERM_CHAR = HeaderField.text("DTMF-Term-Char");
  public static final HeaderField<String> FAILED_URI = HeaderField.text("Failed-URI");
  public static final HeaderField<String> FAILED_URI_CAUSE = HeaderField.text("Failed-URI-Cause");
  public static final HeaderField<Boolean> SAVE_WAVEFORM = HeaderField.bool("Save-Waveform");
  public static final HeaderField<String> MEDIA_TYPE = HeaderField.text("Media-Type");
  public static final HeaderField<Boolean> NEW_AUDIO_CHANNEL =
      HeaderField.bool("New-Audio-Channel");
  public static final HeaderField<String> SPEECH_LANGUAGE = HeaderField.text("Speech-Language");
  public static final HeaderField<Boolean> VER_BUFFER_UTTERANCE =
      HeaderField.bool("Ver-Buffer-Utterance");
  public static final HeaderField<String> RECOGNITION_MODE =
      HeaderField.oneOf("Recognition-Mode", "normal", "hotword", "enrollment");
  public static final HeaderField<Boolean> CANCEL_IF_QUEUE = HeaderField.bool("Cancel-If-Queue");
  public static final HeaderField<Long> HOTWORD_MAX_DURATION =
      HeaderField.number("Hotword-Max-Duration");
  public static final HeaderField<Long> HOTWORD_MIN_DURATION =
      HeaderField.number("Hotword-Min-Duration");
  public static final HeaderField<String> INTERPRET_TEXT = HeaderField.text("Interpret-Text");
  public static final HeaderField<Long> DTMF_BUFFER_TIME = HeaderField.number("DTMF-Buffer-Time");
  public static final HeaderField<Boolean> CLEAR_DTMF_BUFFER =
      HeaderField.bool("Clear-DTMF-Buffer");
  public static final HeaderField<Boolean> EARLY_NO_MATCH = HeaderField.bool("Early-No-Match");
  public static final HeaderField<Long> NUM_MIN_CONSISTENT_PRONUNCIATIONS =
      HeaderField.number("Num-Min-Consistent-Pronunciations");
  public static final HeaderField<Float> CONSISTENCY_THRESHOLD =
      HeaderField.fraction("Consistency-Threshold");
  public static final HeaderField<Float> CLASH_THRESHOLD = HeaderField.fraction("Clash-Threshold");
  public static final HeaderField<String> PERSONAL_GRAMMAR_URI =
      HeaderField.text("Personal-Grammar-URI");
  public static final HeaderField<Boolean> ENROLL_UTTERANCE = HeaderField.bool("Enroll-Utterance");
  public static final HeaderField<String> PHRASE_ID = HeaderField.text("Phrase-ID");
  public static final HeaderField<String> PHRASE_NL = HeaderField.text("Phrase-NL");
  public static final HeaderField<String> WEIGHT = HeaderField.text("Weight");
  public static final HeaderField<Boolean> SAVE_BEST_WAVEFORM =
      HeaderField.bool("Save-Best-Waveform");
  public static final HeaderField<String> NEW_PHRASE_ID = HeaderField.text("New-Phrase-ID");
  public static final HeaderField<String> CONFUSABLE_PHRASES_URI =
      HeaderField.text("Confusable-Phrases-URI");
  public static final HeaderField<Boolean> ABORT_PHRASE_ENROLLMENT =
      HeaderField.bool("Abort-Phrase-Enrollment");
}
