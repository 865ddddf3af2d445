package io.mrcpj.core.nlsml;

import io.mrcpj.core.xml.SafeXml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads NLSML leniently and safely: with or without the MRCPv2 namespace (elements are matched by
 * local name), confidences as 0.0-1.0 or as legacy 0-100 integers, instances as text or XML,
 * missing mode meaning speech. No DOCTYPE is accepted, so no entity tricks; input is capped.
 */
public final class NlsmlReader {

  /** Largest NLSML document read (results are small; N-best of long transcripts fit easily). */
  public static final int MAX_BYTES = 256 * 1024;

  /** Most interpretations read from one result. */
  public static final int MAX_INTERPRETATIONS = 100;

  private NlsmlReader() {}

  public static NlsmlResult read(String xml) throws NlsmlParseException {
    return read(xml.getBytes(StandardCharsets.UTF_8));
  }

  public static NlsmlResult read(byte[] xml) throws NlsmlParseException {
    Document doc;
    try {
      doc = SafeXml.parse(xml, MAX_BYTES);
    } catch (SafeXml.XmlException e) {
      throw new NlsmlParseException(
          "not well-formed NLSML"
              + (e.line() > 0 ? " (line " + e.line() + ", column " + e.column() + ")" : "")
              + ": "
              + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!"result".equals(local(root))) {
      throw new NlsmlParseException("root element is <" + local(root) + ">, not <result>");
    }
    String resultGrammar = attr(root, "grammar");
    List<Interpretation> out = new ArrayList<>();
    for (Element e : children(root, "interpretation")) {
      if (out.size() == MAX_INTERPRETATIONS) {
        throw new NlsmlParseException("more than " + MAX_INTERPRETATIONS + " interpretations");
      }
      out.add(interpretation(e, resultGrammar));
    }
    if (out.isEmpty()) {
      // Some servers put a bare <input><noinput/></input> under <result>.
      List<Element> inputs = children(root, "input");
      if (inputs.isEmpty()) {
        throw new NlsmlParseException("<result> has no <interpretation>");
      }
      out.add(fromInput(inputs.get(0), resultGrammar, 0f, null, false));
    }
    return new NlsmlResult(resultGrammar, out);
  }

  private static Interpretation interpretation(Element e, String resultGrammar)
      throws NlsmlParseException {
    String grammar = attr(e, "grammar");
    if (grammar == null) {
      grammar = resultGrammar;
    }
    float confidence = confidence(attr(e, "confidence"));
    List<Element> instances = children(e, "instance");
    String instance = null;
    boolean xml = false;
    if (!instances.isEmpty()) {
      Element inst = instances.get(0);
      if (hasElementChildren(inst)) {
        StringBuilder sb = new StringBuilder();
        for (Node n = inst.getFirstChild(); n != null; n = n.getNextSibling()) {
          serialize(n, sb);
        }
        instance = sb.toString().trim();
        xml = true;
      } else {
        instance = inst.getTextContent().trim();
      }
    }
    List<Element> inputs = children(e, "input");
    if (inputs.isEmpty()) {
      return new Interpretation(
          grammar, confidence, instance, xml, instance, InputMode.SPEECH, InputStatus.MATCH);
    }
    return fromInput(inputs.get(0), grammar, confidence, instance, xml);
  }

  private static Interpretation fromInput(
      Element input, String grammar, float confidence, String instance, boolean xml) {
    InputMode mode = InputMode.fromWire(attr(input, "mode"));
    InputStatus status = InputStatus.MATCH;
    if (!children(input, "noinput").isEmpty()) {
      status = InputStatus.NOINPUT;
    } else if (!children(input, "nomatch").isEmpty()) {
      status = InputStatus.NOMATCH;
    }
    String text = input.getTextContent().trim().replaceAll("\\s+", " ");
    String inst = instance != null ? instance : status == InputStatus.MATCH ? text : "";
    return new Interpretation(grammar, confidence, inst, xml, text, mode, status);
  }

  /** 0.0-1.0 as is; above 1 and up to 100 read as a legacy percentage; missing means 1.0. */
  static float confidence(String text) throws NlsmlParseException {
    if (text == null || text.isBlank()) {
      return 1f;
    }
    float f;
    try {
      f = Float.parseFloat(text.trim());
    } catch (NumberFormatException e) {
      throw new NlsmlParseException("confidence is not a number: '" + text + "'");
    }
    if (f >= 0f && f <= 1f) {
      return f;
    }
    if (f > 1f && f <= 100f) {
      return f / 100f;
    }
    throw new NlsmlParseException("confidence out of range: '" + text + "'");
  }

  private static String local(Node n) {
    return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
  }

  private static String attr(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el && localName.equals(local(el))) {
        out.add(el);
      }
    }
    return out;
  }

  private static boolean hasElementChildren(Element e) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        return true;
      }
    }
    return false;
  }

  private static void serialize(Node n, StringBuilder sb) {
    switch (n.getNodeType()) {
      case Node.ELEMENT_NODE -> {
        sb.append('<').append(n.getNodeName());
        NamedNodeMap attrs = n.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
          Attr a = (Attr) attrs.item(i);
          sb.append(' ')
              .append(a.getName())
              .append("=\"")
              .append(SafeXml.escape(a.getValue()))
              .append('"');
        }
        if (n.getFirstChild() == null) {
          sb.append("/>");
        } else {
          sb.append('>');
          for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            serialize(c, sb);
          }
          sb.append("</").append(n.getNodeName()).append('>');
        }
      }
      case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> sb.append(SafeXml.escape(n.getNodeValue()));
      default -> {}
    }
  }
}
