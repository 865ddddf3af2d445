package io.mrcpj.core.message;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An MRCPv2 event name (RFC 6787 sections 8.2, 9.2, 10.2, 11.2); like {@link MrcpMethod}, known
 * names are shared constants and a vendor's are accepted.
 */
public final class MrcpEventName extends Token {

  public static final MrcpEventName SPEECH_MARKER = new MrcpEventName("SPEECH-MARKER");
  public static final MrcpEventName SPEAK_COMPLETE = new MrcpEventName("SPEAK-COMPLETE");
  public static final MrcpEventName START_OF_INPUT = new MrcpEventName("START-OF-INPUT");
  public static final MrcpEventName RECOGNITION_COMPLETE =
      new MrcpEventName("RECOGNITION-COMPLETE");
  public static final MrcpEventName INTERPRETATION_COMPLETE =
      new MrcpEventName("INTERPRETATION-COMPLETE");
  public static final MrcpEventName RECORD_COMPLETE = new MrcpEventName("RECORD-COMPLETE");
  public static final MrcpEventName VERIFICATION_COMPLETE =
      new MrcpEventName("VERIFICATION-COMPLETE");

  private static final Map<String, MrcpEventName> KNOWN =
      Arrays.stream(
              new MrcpEventName[] {
                SPEECH_MARKER,
                SPEAK_COMPLETE,
                START_OF_INPUT,
                RECOGNITION_COMPLETE,
                INTERPRETATION_COMPLETE,
                RECORD_COMPLETE,
                VERIFICATION_COMPLETE
              })
          .collect(Collectors.toUnmodifiableMap(Token::name, Function.identity()));

  private MrcpEventName(String name) {
    super(name);
  }

  /** The event with this name: a shared constant when standard, else a vendor event. */
  public static MrcpEventName of(String name) {
    MrcpEventName known = KNOWN.get(name);
    return known != null ? known : new MrcpEventName(name);
  }

  /** Whether this is one of RFC 6787's events. */
  public boolean isStandard() {
    return KNOWN.containsKey(name());
  }
}
