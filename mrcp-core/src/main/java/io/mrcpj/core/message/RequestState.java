package io.mrcpj.core.message;

/** The request-state of a response or event (RFC 6787 section 5.3). */
public enum RequestState {
  /** The request is done; no more events for it. */
  COMPLETE("COMPLETE"),
  /** The request runs; events will follow. */
  IN_PROGRESS("IN-PROGRESS"),
  /** The request is queued behind another. */
  PENDING("PENDING");

  private final String wire;

  RequestState(String wire) {
    this.wire = wire;
  }

  /** The text on the wire, e.g. {@code IN-PROGRESS}. */
  public String wire() {
    return wire;
  }

  /** The state for its wire text (case-insensitive), or {@code null} when there is none. */
  public static RequestState fromWire(String text) {
    for (RequestState s : values()) {
      if (s.wire.equalsIgnoreCase(text)) {
        return s;
      }
    }
    return null;
  }
}
