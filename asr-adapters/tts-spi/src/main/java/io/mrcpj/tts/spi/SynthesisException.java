package io.mrcpj.tts.spi;

/** An engine could not do what was asked; the message says why in words a caller can log. */
public class SynthesisException extends Exception {

  private final Kind kind;

  /** What went wrong, so the server can pick the SPEAK-COMPLETE completion cause. */
  public enum Kind {
    /** No voice for the language (005 language-unsupported). */
    LANGUAGE_UNSUPPORTED,
    /** Anything else: the engine failed (004 error). */
    ENGINE_FAILURE
  }

  public SynthesisException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SynthesisException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
