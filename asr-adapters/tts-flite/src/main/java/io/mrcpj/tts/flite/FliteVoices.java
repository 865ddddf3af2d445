package io.mrcpj.tts.flite;

import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.Voice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The flite voices this engine offers: the general-purpose voices built into flite 2.x that speak
 * at 16 kHz. Left out are {@code kal} (8 kHz: the engine has one rate, and {@code kal16} is the
 * same speaker at 16 kHz) and {@code awb_time} (it only speaks times of day). All use flite's US
 * English lexicon; awb has a Scottish accent. A voice flite does not list is not offered.
 */
final class FliteVoices {

  private record Known(String name, String gender) {}

  /** In the order voices are offered after the default. */
  private static final List<Known> KNOWN =
      List.of(
          new Known("rms", "male"),
          new Known("slt", "female"),
          new Known("awb", "male"),
          new Known("kal16", "male"));

  private static final String LISTED = "Voices available:";

  private FliteVoices() {}

  static boolean known(String name) {
    return KNOWN.stream().anyMatch(k -> k.name().equals(name));
  }

  /** The names, for error messages. */
  static String names() {
    return KNOWN.stream().map(Known::name).collect(Collectors.joining(", "));
  }

  /**
   * The voice names in what {@code flite -lv} printed ({@code Voices available: kal awb ...}).
   *
   * @throws SynthesisException when there is no such line (the program is not flite)
   */
  static List<String> parseList(String program, String output) throws SynthesisException {
    for (String line : output.split("\\R")) {
      int at = line.indexOf(LISTED);
      if (at >= 0) {
        String rest = line.substring(at + LISTED.length()).trim();
        return rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
      }
    }
    throw new SynthesisException(
        SynthesisException.Kind.ENGINE_FAILURE,
        "flite program '"
            + program
            + "' does not look like flite: '-lv' printed no '"
            + LISTED
            + "' line but: "
            + output.strip());
  }

  /**
   * The voices to offer, {@code preferred} first, of those flite {@code listed}.
   *
   * @throws SynthesisException when flite does not list {@code preferred}
   */
  static List<Voice> offered(List<String> listed, String preferred) throws SynthesisException {
    if (!listed.contains(preferred)) {
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE,
          "flite setting voice: this flite has no voice '"
              + preferred
              + "' (it lists: "
              + String.join(" ", listed)
              + ")");
    }
    List<Voice> voices = new ArrayList<>();
    for (Known k : KNOWN) {
      if (listed.contains(k.name())) {
        Voice v = new Voice(k.name(), k.gender(), 0, "en-US");
        voices.add(k.name().equals(preferred) ? 0 : voices.size(), v);
      }
    }
    return List.copyOf(voices);
  }
}
