package io.mrcpj.core.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code a=connection} attribute of RFC 4145 section 5 as used by RFC 6787 section 4.2: open a
 * new TCP connection for the MRCP channel or reuse an existing one.
 */
public enum ConnectionMode {
  NEW,
  EXISTING;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ConnectionMode> parse(String value) {
    if (value != null) {
      for (ConnectionMode m : values()) {
        if (m.value().equalsIgnoreCase(value.strip())) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }
}
