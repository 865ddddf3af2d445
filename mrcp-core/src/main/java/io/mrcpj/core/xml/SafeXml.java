package io.mrcpj.core.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML (grammars, NLSML) safely: no DOCTYPE at all (so no external entities and no
 * entity expansion bombs), no XInclude, no external schema or DTD access, a size cap, and element
 * positions recorded for error messages by the caller's own walk.
 */
public final class SafeXml {

  private SafeXml() {}

  /**
   * One parser per thread, reset before each use: making a parser costs far more than parsing a
   * short NLSML result or grammar, and parsers are not thread-safe. Holds no document between
   * calls.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return factory().newDocumentBuilder();
            } catch (ParserConfigurationException e) {
              throw new IllegalStateException("the JDK XML parser cannot be made safe", e);
            }
          });

  private static final ErrorHandler STRICT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  private static final org.xml.sax.EntityResolver NO_ENTITIES =
      (publicId, systemId) -> {
        throw new SAXException("external entities are not allowed: " + systemId);
      };

  /** Thrown for input that is not safe, well-formed XML; carries line and column when known. */
  public static final class XmlException extends Exception {
    private final int line;
    private final int column;

    public XmlException(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /**
   * Parses a document.
   *
   * @param maxBytes the largest input accepted
   */
  public static Document parse(byte[] xml, int maxBytes) throws XmlException {
    if (xml.length > maxBytes) {
      throw new XmlException("XML larger than " + maxBytes + " octets", -1, -1);
    }
    try {
      DocumentBuilder builder = BUILDERS.get();
      builder.reset();
      builder.setErrorHandler(STRICT);
      builder.setEntityResolver(NO_ENTITIES);
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXParseException e) {
      throw new XmlException(e.getMessage(), e.getLineNumber(), e.getColumnNumber());
    } catch (SAXException | IOException e) {
      throw new XmlException(String.valueOf(e.getMessage()), -1, -1);
    }
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setCoalescing(true);
    return f;
  }

  /** Escapes text for an XML element or attribute value. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            continue; // not allowed in XML 1.0
          }
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }
}
