package io.mrcpj.core.nlsml;

import java.util.Locale;

/** How the input arrived: {@code mode="speech"} or {@code mode="dtmf"}. */
public enum InputMode {
  SPEECH,
  DTMF;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a mode attribute; anything but "dtmf" (including none) is speech. */
  public static InputMode fromWire(String text) {
    return text != null && text.trim().equalsIgnoreCase("dtmf") ? DTMF : SPEECH;
  }
}
