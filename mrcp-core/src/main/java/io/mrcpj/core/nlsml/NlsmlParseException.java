package io.mrcpj.core.nlsml;

/** The text is not an NLSML result this reader can use; the message says why and where. */
public final class NlsmlParseException extends Exception {
  public NlsmlParseException(String message) {
    super(message);
  }
}
