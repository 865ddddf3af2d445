package io.mrcpj.core.message;

import static io.mrcpj.core.message.MrcpMethod.*;

import java.util.Map;
import java.util.Set;

/**
 * An MRCPv2 resource type (RFC 6787 section 3.1) with the methods and events it has. Unknown
 * resource names are accepted by {@link #of(String)} (with no methods) so a server can refuse them
 * politely instead of failing to parse.
 */
public final class MrcpResource extends Token {

  private static final Set<MrcpMethod> GENERIC = Set.of(SET_PARAMS, GET_PARAMS);
  private static final Set<MrcpMethod> SYNTH_METHODS =
      Set.of(
          SET_PARAMS,
          GET_PARAMS,
          SPEAK,
          STOP,
          PAUSE,
          RESUME,
          BARGE_IN_OCCURRED,
          CONTROL,
          DEFINE_LEXICON);
  private static final Set<MrcpEventName> SYNTH_EVENTS =
      Set.of(MrcpEventName.SPEECH_MARKER, MrcpEventName.SPEAK_COMPLETE);
  private static final Set<MrcpMethod> RECOG_METHODS =
      Set.of(
          SET_PARAMS,
          GET_PARAMS,
          DEFINE_GRAMMAR,
          RECOGNIZE,
          INTERPRET,
          GET_RESULT,
          START_INPUT_TIMERS,
          STOP,
          START_PHRASE_ENROLLMENT,
          ENROLLMENT_ROLLBACK,
          END_PHRASE_ENROLLMENT,
          MODIFY_PHRASE,
          DELETE_PHRASE);
  private static final Set<MrcpEventName> RECOG_EVENTS =
      Set.of(
          MrcpEventName.START_OF_INPUT,
          MrcpEventName.RECOGNITION_COMPLETE,
          MrcpEventName.INTERPRETATION_COMPLETE);

  public static final MrcpResource SPEECHRECOG =
      new MrcpResource("speechrecog", RECOG_METHODS, RECOG_EVENTS);
  public static final MrcpResource DTMFRECOG =
      new MrcpResource("dtmfrecog", RECOG_METHODS, RECOG_EVENTS);
  public static final MrcpResource SPEECHSYNTH =
      new MrcpResource("speechsynth", SYNTH_METHODS, SYNTH_EVENTS);
  public static final MrcpResource BASICSYNTH =
      new MrcpResource("basicsynth", SYNTH_METHODS, SYNTH_EVENTS);
  public static final MrcpResource RECORDER =
      new MrcpResource(
          "recorder",
          Set.of(SET_PARAMS, GET_PARAMS, RECORD, STOP, START_INPUT_TIMERS),
          Set.of(MrcpEventName.START_OF_INPUT, MrcpEventName.RECORD_COMPLETE));
  public static final MrcpResource SPEAKVERIFY =
      new MrcpResource(
          "speakverify",
          Set.of(
              SET_PARAMS,
              GET_PARAMS,
              START_SESSION,
              END_SESSION,
              QUERY_VOICEPRINT,
              DELETE_VOICEPRINT,
              VERIFY,
              VERIFY_FROM_BUFFER,
              VERIFY_ROLLBACK,
              STOP,
              CLEAR_BUFFER,
              START_INPUT_TIMERS,
              GET_INTERMEDIATE_RESULT),
          Set.of(MrcpEventName.VERIFICATION_COMPLETE, MrcpEventName.START_OF_INPUT));

  private static final Map<String, MrcpResource> KNOWN =
      Map.of(
          SPEECHRECOG.name(), SPEECHRECOG,
          DTMFRECOG.name(), DTMFRECOG,
          SPEECHSYNTH.name(), SPEECHSYNTH,
          BASICSYNTH.name(), BASICSYNTH,
          RECORDER.name(), RECORDER,
          SPEAKVERIFY.name(), SPEAKVERIFY);

  private final Set<MrcpMethod> methods;
  private final Set<MrcpEventName> events;

  private MrcpResource(String name, Set<MrcpMethod> methods, Set<MrcpEventName> events) {
    super(name);
    this.methods = methods;
    this.events = events;
  }

  /** The resource with this name; unknown names give a resource with only generic methods. */
  public static MrcpResource of(String name) {
    MrcpResource known = KNOWN.get(name);
    return known != null ? known : new MrcpResource(name, GENERIC, Set.of());
  }

  /** Whether RFC 6787 defines this resource type. */
  public boolean isStandard() {
    return KNOWN.containsKey(name());
  }

  /** The standard methods this resource has. */
  public Set<MrcpMethod> methods() {
    return methods;
  }

  /** The standard events this resource sends. */
  public Set<MrcpEventName> events() {
    return events;
  }
}
