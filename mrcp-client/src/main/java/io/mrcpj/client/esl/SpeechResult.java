package io.mrcpj.client.esl;

import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlResult;

/**
 * What {@code play_and_detect_speech} ended with: the recognizer's NLSML (from {@code
 * detect_speech_result} or the DETECTED_SPEECH event), or the key that cut the prompt short ({@code
 * playback_terminator_used}), or nothing.
 */
public final class SpeechResult {

  /** How it ended. */
  public enum Kind {
    /** Speech matched a grammar. */
    SPEECH,
    /** A key ended it (a playback terminator, or a DTMF grammar's match without NLSML). */
    DTMF,
    /** The recognizer heard nothing ({@code <noinput/>}). */
    NO_INPUT,
    /** The recognizer heard something no grammar matched ({@code <nomatch/>}). */
    NO_MATCH,
    /** The application ended without a result (e.g. the recognizer failed to start). */
    NONE
  }

  private final Kind kind;
  private final String nlsml;
  private final NlsmlResult result;
  private final String dtmf;
  private final ExecuteCompleteEvent completion;

  SpeechResult(
      Kind kind, String nlsml, NlsmlResult result, String dtmf, ExecuteCompleteEvent completion) {
    this.kind = kind;
    this.nlsml = nlsml;
    this.result = result;
    this.dtmf = dtmf;
    this.completion = completion;
  }

  public Kind kind() {
    return kind;
  }

  /** The best interpretation's input text ("" when there is none). */
  public String text() {
    if (kind == Kind.DTMF && result == null) {
      return dtmf;
    }
    return result == null ? "" : result.best().input();
  }

  /** The best interpretation's confidence (0-1), or 0. */
  public float confidence() {
    return result == null ? 0f : result.best().confidence();
  }

  /** The NLSML as FreeSWITCH passed it on, or null. */
  public String nlsml() {
    return nlsml;
  }

  /** The NLSML parsed, or null. */
  public NlsmlResult result() {
    return result;
  }

  /** The keys that ended it ("" when none). */
  public String dtmf() {
    return dtmf;
  }

  /** The CHANNEL_EXECUTE_COMPLETE of play_and_detect_speech, with every channel variable. */
  public ExecuteCompleteEvent completion() {
    return completion;
  }

  @Override
  public String toString() {
    return kind + (kind == Kind.NONE ? "" : " \"" + text() + "\"");
  }

  /** The kind an NLSML result stands for. */
  static Kind kindOf(NlsmlResult r) {
    Interpretation best = r.best();
    return switch (best.status()) {
      case NOINPUT -> Kind.NO_INPUT;
      case NOMATCH -> Kind.NO_MATCH;
      case MATCH -> best.mode() == InputMode.DTMF ? Kind.DTMF : Kind.SPEECH;
    };
  }
}
