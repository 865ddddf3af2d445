package io.mrcpj.client.esl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Turns an event frame into an {@link EslEvent}, whatever format FreeSWITCH used. What the real
 * captures show, and this parser handles:
 *
 * <ul>
 *   <li>plain: URL-encoded {@code Name: value} lines; when the event has a body, an inner {@code
 *       Content-Length} and the body after a blank line;
 *   <li>JSON: raw values, arrays for multi-valued variables, the body under {@code _body}, no
 *       trailing LF;
 *   <li>XML: URL-encoded values, repeated elements for multi-valued variables, the body XML-escaped
 *       after a {@code Content-Length} element; a body that ends in LF gains indentation, which is
 *       cut off at the declared length;
 *   <li>plain {@code ARRAY::a|:b} values become several values.
 * </ul>
 */
final class EslEventParser {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();
  private static final XMLInputFactory XML = secureXmlFactory();
  private static final String ARRAY = "ARRAY::";

  private EslEventParser() {}

  /** Parses and types an event frame. */
  static EslEvent parse(EslMessage m) throws EslProtocolException {
    EslEvent raw =
        switch (m.contentType()) {
          case EslMessage.EVENT_PLAIN -> plain(m.body());
          case EslMessage.EVENT_JSON -> json(m.body());
          case EslMessage.EVENT_XML -> xml(m.body());
          default -> throw new EslProtocolException("not an event: " + m.contentType());
        };
    if (raw.name().isEmpty()) {
      throw new EslProtocolException("event without Event-Name");
    }
    return typed(raw);
  }

  /** The typed view of a generic event. */
  static EslEvent typed(EslEvent e) {
    return switch (e.name()) {
      case "CHANNEL_CREATE" -> new CallCreatedEvent(e);
      case "CHANNEL_ANSWER" -> new CallAnsweredEvent(e);
      case "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE" -> new CallHangupEvent(e);
      case "DTMF" -> new DtmfEvent(e);
      case "DETECTED_SPEECH" -> new DetectedSpeechEvent(e);
      case "CHANNEL_EXECUTE_COMPLETE" -> new ExecuteCompleteEvent(e);
      case "BACKGROUND_JOB" -> new BackgroundJobEvent(e);
      case "HEARTBEAT" -> new HeartbeatEvent(e);
      case "CUSTOM" -> new CustomEvent(e);
      default -> e.uniqueId() != null ? new ChannelEvent(e) : e;
    };
  }

  /**
   * An event whose headers arrived URL-encoded in a frame's own header block: the reply to the
   * outbound {@code connect} (CHANNEL_DATA).
   */
  static EslEvent fromHeaderBlock(EslHeaders raw) {
    EslHeaders.Builder h = EslHeaders.builder();
    for (String name : raw.names()) {
      for (String v : raw.values(name)) {
        addValue(h, name, UrlCoding.decode(v));
      }
    }
    return typed(new EslEvent(EventFormat.PLAIN, h.build(), ""));
  }

  // ------------------------------------------------------------------ plain

  static EslEvent plain(byte[] bytes) throws EslProtocolException {
    EslHeaders.Builder h = EslHeaders.builder();
    int pos = 0;
    int n = bytes.length;
    int innerLength = -1;
    while (pos < n) {
      int lf = indexOf(bytes, (byte) '\n', pos);
      int end = lf < 0 ? n : lf;
      int lineEnd = end > pos && bytes[end - 1] == '\r' ? end - 1 : end;
      String line = new String(bytes, pos, lineEnd - pos, StandardCharsets.UTF_8);
      pos = lf < 0 ? n : lf + 1;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new EslProtocolException("plain event line without a name: " + line);
      }
      String name = line.substring(0, colon).strip();
      String value = UrlCoding.decode(line.substring(colon + 1).stripLeading());
      if (name.equalsIgnoreCase("Content-Length")) {
        innerLength = parseLength(value);
      }
      addValue(h, name, value);
    }
    String body = "";
    if (innerLength > 0) {
      if (pos + innerLength > n) {
        throw new EslProtocolException(
            "plain event body declares " + innerLength + " bytes, " + (n - pos) + " follow");
      }
      body = new String(bytes, pos, innerLength, StandardCharsets.UTF_8);
    }
    return new EslEvent(EventFormat.PLAIN, h.build(), body);
  }

  private static void addValue(EslHeaders.Builder h, String name, String value) {
    if (value.startsWith(ARRAY)) {
      String rest = value.substring(ARRAY.length());
      int from = 0;
      while (true) {
        int sep = rest.indexOf("|:", from);
        if (sep < 0) {
          h.add(name, rest.substring(from));
          return;
        }
        h.add(name, rest.substring(from, sep));
        from = sep + 2;
      }
    }
    h.add(name, value);
  }

  // ------------------------------------------------------------------ json

  static EslEvent json(byte[] bytes) throws EslProtocolException {
    EslHeaders.Builder h = EslHeaders.builder();
    String body = "";
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EslProtocolException("JSON event is not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            h.add(name, scalar(p));
          }
        } else if (t == JsonToken.START_OBJECT) {
          p.skipChildren();
        } else if (name.equals("_body")) {
          body = scalar(p);
        } else {
          h.add(name, scalar(p));
        }
      }
    } catch (IOException e) {
      throw new EslProtocolException("JSON event unreadable: " + e.getMessage(), e);
    }
    return new EslEvent(EventFormat.JSON, h.build(), body);
  }

  private static String scalar(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? "" : p.getValueAsString("");
  }

  // ------------------------------------------------------------------ xml

  static EslEvent xml(byte[] bytes) throws EslProtocolException {
    EslHeaders.Builder h = EslHeaders.builder();
    String body = "";
    int declared = -1;
    String text;
    try {
      // decoded here, strictly: the JDK's StAX parser prints "[Fatal Error]" to stderr when it
      // meets bytes that are not UTF-8 (found by fuzzing); FreeSWITCH sends UTF-8
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new EslProtocolException("XML event is not UTF-8");
    }
    try {
      XMLStreamReader r = XML.createXMLStreamReader(new StringReader(text));
      try {
        int depth = 0;
        boolean inHeaders = false;
        while (r.hasNext()) {
          int ev = r.next();
          if (ev == XMLStreamConstants.START_ELEMENT) {
            depth++;
            String name = r.getLocalName();
            if (depth == 2 && name.equals("headers")) {
              inHeaders = true;
            } else if (depth == 3 && inHeaders) {
              h.add(name, UrlCoding.decode(r.getElementText()));
              depth--;
            } else if (depth == 2 && name.equals("Content-Length")) {
              String v = r.getElementText();
              declared = parseLength(v.strip());
              h.add("Content-Length", v.strip());
              depth--;
            } else if (depth == 2 && name.equals("body")) {
              body = r.getElementText();
              depth--;
            }
          } else if (ev == XMLStreamConstants.END_ELEMENT) {
            if (depth == 2 && r.getLocalName().equals("headers")) {
              inHeaders = false;
            }
            depth--;
          }
        }
      } finally {
        r.close();
      }
    } catch (XMLStreamException e) {
      throw new EslProtocolException("XML event unreadable: " + e.getMessage(), e);
    }
    if (declared >= 0) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      if (b.length > declared) {
        body = new String(b, 0, declared, StandardCharsets.UTF_8);
      }
    }
    return new EslEvent(EventFormat.XML, h.build(), body);
  }

  private static int parseLength(String v) throws EslProtocolException {
    try {
      int n = Integer.parseInt(v.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new EslProtocolException("event Content-Length is not a length: " + v);
    }
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static XMLInputFactory secureXmlFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }
}
