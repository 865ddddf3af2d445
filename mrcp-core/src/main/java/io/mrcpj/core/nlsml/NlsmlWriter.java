package io.mrcpj.core.nlsml;

import static io.mrcpj.core.xml.SafeXml.escape;

import java.util.Locale;

/**
 * Writes NLSML (RFC 6787 section 6.3.1) in the MRCPv2 namespace. Text and attributes are escaped;
 * an XML instance is written as is (it came from a grammar's semantic tags or a parsed result).
 */
public final class NlsmlWriter {

  /** The MRCPv2 NLSML namespace. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:mrcpv2";

  private NlsmlWriter() {}

  /**
   * What real clients expect varies; these switches cover the dialects seen in the field.
   *
   * @param namespace write {@code xmlns="urn:ietf:params:xml:ns:mrcpv2"} on {@code <result>} (RFC
   *     6787; UniMRCP's own server leaves it out)
   * @param emptyInstance give no-input and no-match interpretations an empty {@code <instance/>},
   *     as the RFC's examples do (sections 9.6.3.5-9.6.3.6)
   */
  public record Dialect(boolean namespace, boolean emptyInstance) {
    /** The RFC's shape. */
    public static final Dialect RFC = new Dialect(true, true);
  }

  /** Writes {@code result} in the RFC's shape. */
  public static String write(NlsmlResult result) {
    return write(result, Dialect.RFC);
  }

  public static String write(NlsmlResult result, Dialect dialect) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("<?xml version=\"1.0\"?>\n<result");
    if (dialect.namespace()) {
      sb.append(" xmlns=\"").append(NAMESPACE).append('"');
    }
    attr(sb, "grammar", result.grammar());
    sb.append(">\n");
    for (Interpretation i : result.interpretations()) {
      sb.append("  <interpretation");
      attr(sb, "grammar", i.grammar());
      sb.append(" confidence=\"").append(String.format(Locale.ROOT, "%.2f", i.confidence()));
      sb.append("\">\n");
      if (i.status() == InputStatus.MATCH) {
        sb.append("    <instance>");
        sb.append(i.instanceXml() ? i.instance() : escape(i.instance()));
        sb.append("</instance>\n");
      } else if (dialect.emptyInstance()) {
        sb.append("    <instance/>\n");
      }
      sb.append("    <input mode=\"").append(i.mode().wire()).append("\">");
      switch (i.status()) {
        case NOINPUT -> sb.append("<noinput/>");
        case NOMATCH -> sb.append("<nomatch/>").append(escape(i.input()));
        case MATCH -> sb.append(escape(i.input()));
      }
      sb.append("</input>\n  </interpretation>\n");
    }
    sb.append("</result>\n");
    return sb.toString();
  }

  private static void attr(StringBuilder sb, String name, String value) {
    if (value != null && !value.isEmpty()) {
      sb.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    }
  }
}
