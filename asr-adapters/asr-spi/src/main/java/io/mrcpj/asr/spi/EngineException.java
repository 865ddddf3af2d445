package io.mrcpj.asr.spi;

/** An engine could not do what was asked; the message says why in words a caller can log. */
public class EngineException extends Exception {

  private final Kind kind;

  /** What went wrong, so the server can pick the MRCP completion cause. */
  public enum Kind {
    /** The language is not one the engine has. */
    LANGUAGE_UNSUPPORTED,
    /** The grammar could not be used by this engine. */
    GRAMMAR_UNSUPPORTED,
    /** Anything else: the engine failed. */
    ENGINE_FAILURE
  }

  public EngineException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public EngineException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
