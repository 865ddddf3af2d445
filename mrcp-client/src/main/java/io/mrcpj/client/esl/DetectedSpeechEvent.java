package io.mrcpj.client.esl;

import io.mrcpj.core.nlsml.NlsmlParseException;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;

/**
 * DETECTED_SPEECH from FreeSWITCH's speech detection ({@code detect_speech}, {@code
 * play_and_detect_speech} with {@code fire_asr_events=true}): the caller began speaking, a result
 * arrived (NLSML body, parsed here with mrcp-core's reader), or detection closed.
 */
public final class DetectedSpeechEvent extends ChannelEvent {

  /** {@code Speech-Type}. */
  public enum Type {
    BEGIN_SPEAKING,
    DETECTED_SPEECH,
    CLOSED,
    OTHER
  }

  private final NlsmlResult result;
  private final String parseError;

  DetectedSpeechEvent(EslEvent e) {
    super(e);
    NlsmlResult r = null;
    String err = null;
    if (type() == Type.DETECTED_SPEECH && !body().isBlank()) {
      try {
        r = NlsmlReader.read(body());
      } catch (NlsmlParseException ex) {
        err = ex.getMessage();
      }
    }
    this.result = r;
    this.parseError = err;
  }

  public Type type() {
    String t = header("Speech-Type");
    if (t == null) {
      return Type.OTHER;
    }
    return switch (t) {
      case "begin-speaking" -> Type.BEGIN_SPEAKING;
      case "detected-speech" -> Type.DETECTED_SPEECH;
      case "closed" -> Type.CLOSED;
      default -> Type.OTHER;
    };
  }

  /** The parsed NLSML of a detected-speech event; null for other types or an unreadable body. */
  public NlsmlResult result() {
    return result;
  }

  /** Why the body could not be read as NLSML, or null. */
  public String parseError() {
    return parseError;
  }
}
