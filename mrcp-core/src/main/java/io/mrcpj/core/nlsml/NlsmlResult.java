package io.mrcpj.core.nlsml;

import java.util.List;

/**
 * An NLSML {@code <result>}: interpretations best first (N-best).
 *
 * @param grammar the result-level grammar attribute, or null
 * @param interpretations best first; never empty for a result that was read or built
 */
public record NlsmlResult(String grammar, List<Interpretation> interpretations) {

  /** application/nlsml+xml, RFC 6787's content type. */
  public static final String CONTENT_TYPE = "application/nlsml+xml";

  /** application/x-nlsml, what UniMRCP and MRCPv1 peers send and accept. */
  public static final String CONTENT_TYPE_LEGACY = "application/x-nlsml";

  public NlsmlResult {
    interpretations = List.copyOf(interpretations);
    if (interpretations.isEmpty()) {
      throw new IllegalArgumentException("a result has at least one interpretation");
    }
  }

  /** Whether a content type is one of NLSML's. */
  public static boolean isNlsml(String contentType) {
    if (contentType == null) {
      return false;
    }
    String ct = contentType.split(";", 2)[0].trim();
    return ct.equalsIgnoreCase(CONTENT_TYPE) || ct.equalsIgnoreCase(CONTENT_TYPE_LEGACY);
  }

  /** The no-input shape: nothing was heard. */
  public static NlsmlResult noInput(String grammar, InputMode mode) {
    return new NlsmlResult(
        grammar,
        List.of(new Interpretation(grammar, 0f, "", false, "", mode, InputStatus.NOINPUT)));
  }

  /** The no-match shape, with what was heard when known. */
  public static NlsmlResult noMatch(String grammar, String heard, InputMode mode) {
    return new NlsmlResult(
        grammar,
        List.of(new Interpretation(grammar, 0f, "", false, heard, mode, InputStatus.NOMATCH)));
  }

  /** The best interpretation. */
  public Interpretation best() {
    return interpretations.get(0);
  }
}
