package io.mrcpj.core.grammar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the XML form of SRGS (application/srgs+xml). Safe for untrusted input: no DOCTYPE, no
 * external entities, a size cap and a nesting cap. Every error names its line and column. Elements
 * outside the grammar model (meta, metadata, lexicon, example) are skipped.
 */
public final class SrgsXmlParser {

  /** Largest grammar accepted. */
  public static final int MAX_BYTES = 1 << 20;

  /** Deepest element nesting accepted. */
  public static final int MAX_DEPTH = 64;

  private SrgsXmlParser() {}

  public static Grammar parse(byte[] xml) throws GrammarException {
    if (xml.length > MAX_BYTES) {
      throw new GrammarException("grammar larger than " + MAX_BYTES + " octets");
    }
    Handler h = new Handler();
    try {
      SAXParser p = factory().newSAXParser();
      p.getXMLReader()
          .setEntityResolver(
              (publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
              });
      p.parse(new ByteArrayInputStream(xml), h);
    } catch (SAXParseException e) {
      throw new GrammarException(e.getMessage(), e.getLineNumber(), e.getColumnNumber());
    } catch (Bad e) {
      throw e.error;
    } catch (SAXException | IOException e) {
      throw new GrammarException(String.valueOf(e.getMessage()));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be made safe", e);
    }
    if (h.grammarLine < 0) {
      throw new GrammarException("no <grammar> element");
    }
    return GrammarChecks.finish(
        h.root, h.mode, h.language, h.tagFormat, h.rules, h.grammarLine, h.grammarColumn);
  }

  private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
    SAXParserFactory f = SAXParserFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    return f;
  }

  /** Carries a GrammarException through SAX. */
  private static final class Bad extends SAXException {
    final GrammarException error;

    Bad(GrammarException error) {
      super(error.getMessage());
      this.error = error;
    }
  }

  private static final class Frame {
    final String element;
    final Attributes attrs;
    final int line;
    final int column;
    final List<Expansion> children = new ArrayList<>();
    final List<Double> weights = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    Frame(String element, Attributes attrs, int line, int column) {
      this.element = element;
      this.attrs = new org.xml.sax.helpers.AttributesImpl(attrs);
      this.line = line;
      this.column = column;
    }
  }

  private static final class Handler extends DefaultHandler {
    private Locator locator;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, Grammar.Rule> rules = new LinkedHashMap<>();
    private String root;
    private Grammar.Mode mode = Grammar.Mode.VOICE;
    private String language;
    private String tagFormat;
    private int grammarLine = -1;
    private int grammarColumn = -1;
    private int skipping; // depth inside ignored elements

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    private Bad bad(String problem) {
      return new Bad(new GrammarException(problem, line(), column()));
    }

    private int line() {
      return locator == null ? -1 : locator.getLineNumber();
    }

    private int column() {
      return locator == null ? -1 : locator.getColumnNumber();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes a)
        throws SAXException {
      String name = localName.isEmpty() ? qName : localName;
      if (skipping > 0
          || name.equals("meta")
          || name.equals("metadata")
          || name.equals("lexicon")
          || name.equals("example")) {
        skipping++;
        return;
      }
      if (stack.size() >= MAX_DEPTH) {
        throw bad("elements nested deeper than " + MAX_DEPTH);
      }
      if (stack.isEmpty()) {
        if (!name.equals("grammar")) {
          throw bad("root element is <" + name + ">, not <grammar>");
        }
        grammarLine = line();
        grammarColumn = column();
        root = a.getValue("root");
        try {
          mode = GrammarChecks.mode(a.getValue("mode"), line(), column());
        } catch (GrammarException e) {
          throw new Bad(e);
        }
        language = a.getValue(XMLConstants.XML_NS_URI, "lang");
        tagFormat = a.getValue("tag-format");
      } else {
        String parent = stack.peek().element;
        boolean ok =
            switch (name) {
              case "rule" -> parent.equals("grammar");
              case "item", "one-of", "ruleref", "tag", "token" ->
                  !parent.equals("grammar")
                      && !parent.equals("token")
                      && !parent.equals("tag")
                      && !parent.equals("ruleref");
              default -> false;
            };
        if (!ok) {
          throw bad("<" + name + "> is not allowed inside <" + parent + ">");
        }
        if (parent.equals("one-of") && !name.equals("item")) {
          throw bad("<one-of> may hold only <item>, not <" + name + ">");
        }
      }
      flushText();
      stack.push(new Frame(name, a, line(), column()));
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (skipping == 0 && !stack.isEmpty()) {
        stack.peek().text.append(ch, start, length);
      }
    }

    /** Text between elements of a rule or item is a list of whitespace-separated tokens. */
    private void flushText() {
      Frame f = stack.peek();
      if (f == null || f.text.length() == 0) {
        return;
      }
      String t = f.text.toString().trim();
      f.text.setLength(0);
      if (f.element.equals("token") || f.element.equals("tag")) {
        f.text.append(t); // kept whole
        return;
      }
      if (!t.isEmpty()) {
        for (String word : t.split("\\s+")) {
          f.children.add(new Expansion.Token(word));
        }
      }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      if (skipping > 0) {
        skipping--;
        return;
      }
      Frame f = stack.peek();
      if (!f.element.equals("token") && !f.element.equals("tag")) {
        flushText();
      }
      stack.pop();
      Frame parent = stack.peek();
      try {
        switch (f.element) {
          case "grammar" -> {}
          case "rule" -> {
            String id = f.attrs.getValue("id");
            if (id == null || id.isBlank()) {
              throw new GrammarException("<rule> without id", f.line, f.column);
            }
            if (rules.containsKey(id)) {
              throw new GrammarException("rule '" + id + "' is defined twice", f.line, f.column);
            }
            rules.put(
                id,
                new Grammar.Rule(
                    id, "public".equals(f.attrs.getValue("scope")), GrammarChecks.seq(f.children)));
          }
          case "item" -> {
            Expansion body = GrammarChecks.seq(f.children);
            String repeat = f.attrs.getValue("repeat");
            if (repeat != null) {
              int[] mm = GrammarChecks.repeat(repeat, f.line, f.column);
              body = new Expansion.Repeat(body, mm[0], mm[1], prob(f));
            }
            parent.children.add(body);
            parent.weights.add(weight(f));
          }
          case "one-of" -> {
            if (f.children.size() != f.weights.size()) {
              throw new GrammarException(
                  "<one-of> may hold only <item>, not text", f.line, f.column);
            }
            List<Expansion.Alternative> alts = new ArrayList<>();
            for (int i = 0; i < f.children.size(); i++) {
              alts.add(new Expansion.Alternative(f.children.get(i), f.weights.get(i)));
            }
            if (alts.isEmpty()) {
              throw new GrammarException("<one-of> without <item>", f.line, f.column);
            }
            parent.children.add(new Expansion.OneOf(alts));
          }
          case "ruleref" -> parent.children.add(ruleref(f));
          case "tag" -> parent.children.add(new Expansion.Tag(f.text.toString().trim()));
          case "token" ->
              parent.children.add(
                  new Expansion.Token(f.text.toString().trim().replaceAll("\\s+", " ")));
          default -> throw new GrammarException("unexpected <" + f.element + ">", f.line, f.column);
        }
      } catch (GrammarException e) {
        throw new Bad(e);
      }
    }

    private static double weight(Frame f) throws GrammarException {
      String w = f.attrs.getValue("weight");
      if (w == null) {
        return 1.0;
      }
      try {
        double d = Double.parseDouble(w.trim());
        if (!(d >= 0) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new GrammarException("bad weight '" + w + "'", f.line, f.column);
      }
    }

    private static double prob(Frame f) throws GrammarException {
      String p = f.attrs.getValue("repeat-prob");
      if (p == null) {
        return -1;
      }
      try {
        double d = Double.parseDouble(p.trim());
        if (!(d >= 0 && d <= 1)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new GrammarException("bad repeat-prob '" + p + "'", f.line, f.column);
      }
    }

    private static Expansion ruleref(Frame f) throws GrammarException {
      String special = f.attrs.getValue("special");
      String uri = f.attrs.getValue("uri");
      if (special != null) {
        try {
          return new Expansion.Special(Expansion.Special.Kind.valueOf(special.trim()));
        } catch (IllegalArgumentException e) {
          throw new GrammarException("unknown special rule '" + special + "'", f.line, f.column);
        }
      }
      if (uri == null || uri.isBlank()) {
        throw new GrammarException("<ruleref> needs uri or special", f.line, f.column);
      }
      if (uri.startsWith("#")) {
        return new Expansion.RuleRef(uri.substring(1), f.line, f.column);
      }
      return new Expansion.ExternalRef(uri, f.line, f.column);
    }
  }
}
