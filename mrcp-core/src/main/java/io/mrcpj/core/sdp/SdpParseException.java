package io.mrcpj.core.sdp;

/**
 * A session description that cannot be understood: the only exception {@link SdpParser} throws. The
 * SIP layer answers it with 400 (a broken body) or 488 (RFC 3261 section 21.4.26).
 */
public final class SdpParseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int lineNumber;

  public SdpParseException(int lineNumber, String problem) {
    super("SDP line " + lineNumber + ": " + problem);
    this.lineNumber = lineNumber;
  }

  /** The 1-based line number where the problem was found (physical lines, blanks counted). */
  public int lineNumber() {
    return lineNumber;
  }
}
