package io.mrcpj.core.sdp;

import java.util.Locale;
import java.util.Optional;

/** The direction attributes of RFC 4566 section 6 and their answer of RFC 3264 section 6.1. */
public enum MediaDirection {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE;

  /** The attribute name, e.g. {@code recvonly}. */
  public String attributeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The direction an answerer uses for this offered direction (RFC 3264 section 6.1): sendonly
   * becomes recvonly and back; sendrecv and inactive stay.
   */
  public MediaDirection reverse() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  /** The direction named by an attribute, ignoring case; empty for other attributes. */
  public static Optional<MediaDirection> fromAttribute(String name) {
    for (MediaDirection d : values()) {
      if (d.attributeName().equalsIgnoreCase(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
