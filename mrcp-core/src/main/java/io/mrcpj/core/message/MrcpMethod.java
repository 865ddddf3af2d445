package io.mrcpj.core.message;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An MRCPv2 method name (RFC 6787 sections 6.1, 8.2, 9.2, 10.2, 11.2). The constants cover every
 * method of the standard resources; {@link #of(String)} returns the constant for a known name and a
 * new value for a vendor's, so extensions need no code change.
 */
public final class MrcpMethod extends Token {

  // generic (any resource)
  public static final MrcpMethod SET_PARAMS = new MrcpMethod("SET-PARAMS");
  public static final MrcpMethod GET_PARAMS = new MrcpMethod("GET-PARAMS");
  // speechsynth / basicsynth (section 8)
  public static final MrcpMethod SPEAK = new MrcpMethod("SPEAK");
  public static final MrcpMethod STOP = new MrcpMethod("STOP");
  public static final MrcpMethod PAUSE = new MrcpMethod("PAUSE");
  public static final MrcpMethod RESUME = new MrcpMethod("RESUME");
  public static final MrcpMethod BARGE_IN_OCCURRED = new MrcpMethod("BARGE-IN-OCCURRED");
  public static final MrcpMethod CONTROL = new MrcpMethod("CONTROL");
  public static final MrcpMethod DEFINE_LEXICON = new MrcpMethod("DEFINE-LEXICON");
  // speechrecog / dtmfrecog (section 9)
  public static final MrcpMethod DEFINE_GRAMMAR = new MrcpMethod("DEFINE-GRAMMAR");
  public static final MrcpMethod RECOGNIZE = new MrcpMethod("RECOGNIZE");
  public static final MrcpMethod INTERPRET = new MrcpMethod("INTERPRET");
  public static final MrcpMethod GET_RESULT = new MrcpMethod("GET-RESULT");
  public static final MrcpMethod START_INPUT_TIMERS = new MrcpMethod("START-INPUT-TIMERS");
  public static final MrcpMethod START_PHRASE_ENROLLMENT =
      new MrcpMethod("START-PHRASE-ENROLLMENT");
  public static final MrcpMethod ENROLLMENT_ROLLBACK = new MrcpMethod("ENROLLMENT-ROLLBACK");
  public static final MrcpMethod END_PHRASE_ENROLLMENT = new MrcpMethod("END-PHRASE-ENROLLMENT");
  public static final MrcpMethod MODIFY_PHRASE = new MrcpMethod("MODIFY-PHRASE");
  public static final MrcpMethod DELETE_PHRASE = new MrcpMethod("DELETE-PHRASE");
  // recorder (section 10)
  public static final MrcpMethod RECORD = new MrcpMethod("RECORD");
  // speakverify (section 11)
  public static final MrcpMethod START_SESSION = new MrcpMethod("START-SESSION");
  public static final MrcpMethod END_SESSION = new MrcpMethod("END-SESSION");
  public static final MrcpMethod QUERY_VOICEPRINT = new MrcpMethod("QUERY-VOICEPRINT");
  public static final MrcpMethod DELETE_VOICEPRINT = new MrcpMethod("DELETE-VOICEPRINT");
  public static final MrcpMethod VERIFY = new MrcpMethod("VERIFY");
  public static final MrcpMethod VERIFY_FROM_BUFFER = new MrcpMethod("VERIFY-FROM-BUFFER");
  public static final MrcpMethod VERIFY_ROLLBACK = new MrcpMethod("VERIFY-ROLLBACK");
  public static final MrcpMethod CLEAR_BUFFER = new MrcpMethod("CLEAR-BUFFER");
  public static final MrcpMethod GET_INTERMEDIATE_RESULT =
      new MrcpMethod("GET-INTERMEDIATE-RESULT");

  private static final Map<String, MrcpMethod> KNOWN =
      Arrays.stream(
              new MrcpMethod[] {
                SET_PARAMS,
                GET_PARAMS,
                SPEAK,
                STOP,
                PAUSE,
                RESUME,
                BARGE_IN_OCCURRED,
                CONTROL,
                DEFINE_LEXICON,
                DEFINE_GRAMMAR,
                RECOGNIZE,
                INTERPRET,
                GET_RESULT,
                START_INPUT_TIMERS,
                START_PHRASE_ENROLLMENT,
                ENROLLMENT_ROLLBACK,
                END_PHRASE_ENROLLMENT,
                MODIFY_PHRASE,
                DELETE_PHRASE,
                RECORD,
                START_SESSION,
                END_SESSION,
                QUERY_VOICEPRINT,
                DELETE_VOICEPRINT,
                VERIFY,
                VERIFY_FROM_BUFFER,
                VERIFY_ROLLBACK,
                CLEAR_BUFFER,
                GET_INTERMEDIATE_RESULT
              })
          .collect(Collectors.toUnmodifiableMap(Token::name, Function.identity()));

  private MrcpMethod(String name) {
    super(name);
  }

  /**
   * The method with this name: a shared constant when the name is standard, else a vendor method.
   *
   * @throws IllegalArgumentException when the name is not a token (empty, spaces, controls)
   */
  public static MrcpMethod of(String name) {
    MrcpMethod known = KNOWN.get(name);
    return known != null ? known : new MrcpMethod(name);
  }

  /** Whether this is one of RFC 6787's methods. */
  public boolean isStandard() {
    return KNOWN.containsKey(name());
  }
}
