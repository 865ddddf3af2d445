package io.mrcpj.core.message;

/**
 * Recorder headers (RFC 6787 section 10.4). Completion-Cause is read as text here; {@link
 * CompletionCause} and the per-resource enums turn it into a cause.
 */
public final class RecorderHeaders {

  private RecorderHeaders() {}

  public static final HeaderField<Float> SENSITIVITY_LEVEL =
      HeaderField.fraction("Sensitivity-Level");
  public static final HeaderField<Long> NO_INPUT_TIMEOUT = HeaderField.number("No-Input-Timeout");
  public static final HeaderField<String> COMPLETION_CAUSE = HeaderField.text("Completion-Cause");
  public static final HeaderField<String> COMPLETION_REASON = HeaderField.text("Completion-Reason");
  public static final HeaderField<String> FAILED_URI = HeaderField.text("Failed-URI");
  public static final HeaderField<String> FAILED_URI_CAUSE = HeaderField.text("Failed-URI-Cause");
  public static final HeaderField<String> RECORD_URI = HeaderField.text("Record-URI");
  public static final HeaderField<String> MEDIA_TYPE = HeaderField.text("Media-Type");
  public static final HeaderField<Long> MAX_TIME = HeaderField.number("Max-Time");
  public static final HeaderField<Long> TRIM_LENGTH = HeaderField.number("Trim-Length");
  public static final HeaderField<Long> FINAL_SILENCE = HeaderField.number("Final-Silence");
  public static final HeaderField<Boolean> CAPTURE_ON_SPEECH =
      HeaderField.bool("Capture-On-Speech");
  public static final HeaderField<Boolean> VER_BUFFER_UTTERANCE =
      HeaderField.bool("Ver-Buffer-Utterance");
  public static final HeaderField<Boolean> START_INPUT_TIMERS =
      HeaderField.bool("Start-Input-Timers");
  public static final HeaderField<Boolean> NEW_AUDIO_CHANNEL =
      HeaderField.bool("New-Audio-Channel");
}
