package io.mrcpj.server.resource.synth;

import io.mrcpj.core.xml.SafeXml;
import io.mrcpj.tts.spi.SpeechSegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a SPEAK says (RFC 6787 section 8.8): its body turned into engine-neutral segments. Plain
 * text is spoken as it is; SSML (W3C Speech Synthesis Markup Language 1.0, {@code
 * application/ssml+xml}, and {@code application/synthesis+ssml} as UniMRCP's client labels it) is
 * read with external entities and DTDs refused, and mapped so: text and the text inside {@code p,
 * s, voice, emphasis, say-as, lang, w, token, phoneme, prosody} is spoken; {@code sub} speaks its
 * {@code alias}; {@code break} becomes a pause ({@code time} in s or ms, or its {@code strength});
 * {@code mark} becomes a marker; {@code audio} with a {@code src} becomes an {@link Audio} clip the
 * server fetches and plays where it stands, its content kept as the fallback to speak when the clip
 * cannot be played (SSML 1.0 section 3.3.1); {@code audio} without {@code src}, and one inside
 * another's fallback, speaks its content; {@code desc, meta, metadata, lexicon} are skipped. The
 * root's {@code xml:lang} and the first {@code prosody rate/volume} are reported for the voice
 * choice.
 *
 * <p>Limits: at most {@link #MAX_BYTES} octets of body, {@link #MAX_SEGMENTS} segments, {@link
 * #MAX_AUDIO} audio clips, and pauses of at most {@link #MAX_PAUSE_MILLIS} each.
 */
final class SpeakContent {

  static final int MAX_BYTES = 256 * 1024;
  static final int MAX_SEGMENTS = 4096;
  static final int MAX_PAUSE_MILLIS = 60_000;
  static final int MAX_AUDIO = 64;

  /** The body could not be read: the SPEAK completes with 002 parse-failure. */
  static final class ParseFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ParseFailure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A parsed body.
   *
   * @param segments what to say
   * @param language the SSML root's {@code xml:lang}, if any
   * @param rate the first SSML {@code prosody rate}, as a multiplier, if any
   * @param volume the first SSML {@code prosody volume}, as a gain, if any
   * @param audio the {@code <audio src>} clips, in document order
   */
  record Parsed(
      List<SpeechSegment> segments,
      Optional<String> language,
      Optional<Double> rate,
      Optional<Double> volume,
      List<Audio> audio) {

    Parsed {
      segments = List.copyOf(segments);
      audio = List.copyOf(audio);
    }

    /** The same speech with other segments and no clips (a stretch between clips, a fallback). */
    Parsed with(List<SpeechSegment> other) {
      return new Parsed(other, language, rate, volume, List.of());
    }

    /** Every clip replaced by its fallback content: for when no clip can be fetched. */
    Parsed fallbacksOnly() {
      if (audio.isEmpty()) {
        return this;
      }
      List<SpeechSegment> out = new ArrayList<>();
      int at = 0;
      for (Audio a : audio) {
        out.addAll(segments.subList(at, a.at()));
        out.addAll(a.fallback());
        at = a.at();
      }
      out.addAll(segments.subList(at, segments.size()));
      return with(out);
    }
  }

  /**
   * An SSML {@code <audio src>} clip.
   *
   * @param at where it plays: before {@code segments().get(at)} of its {@link Parsed}
   * @param src its URI, as written
   * @param fallback what to say when it cannot be played (may be empty)
   */
  record Audio(int at, String src, List<SpeechSegment> fallback) {
    Audio {
      fallback = List.copyOf(fallback);
    }
  }

  private SpeakContent() {}

  /** Whether {@code contentType} (parameters allowed) is one this class reads. */
  static boolean readable(String contentType) {
    String t = baseType(contentType);
    return t.equals("text/plain") || isSsml(t);
  }

  /** Whether {@code contentType} is a list of URIs to fetch and speak or play in order. */
  static boolean isUriList(String contentType) {
    return baseType(contentType).equals("text/uri-list");
  }

  /** Whether {@code contentType} is audio the server plays as it is (a WAV file). */
  static boolean isWav(String contentType) {
    String t = baseType(contentType);
    return t.equals("audio/wav") || t.equals("audio/x-wav") || t.equals("audio/wave");
  }

  /** What a fetched document holds. */
  enum Kind {
    WAV,
    SSML,
    TEXT,
    OTHER
  }

  /**
   * What a fetched document holds, from its bytes and name (the fetcher reports grammar types
   * only): a RIFF header is a WAV file; other audio names ({@code .mp3 .ogg .au .gsm .raw .ulaw
   * .alaw}) or bytes that are not UTF-8 text are OTHER; text starting with {@code <} is SSML.
   */
  static Kind sniff(String uri, byte[] body) {
    if (body.length >= 12 && body[0] == 'R' && body[1] == 'I' && body[2] == 'F' && body[3] == 'F') {
      return Kind.WAV;
    }
    String path = uri.toLowerCase(Locale.ROOT);
    for (String ext : List.of(".wav", ".mp3", ".ogg", ".au", ".gsm", ".raw", ".ulaw", ".alaw")) {
      if (path.endsWith(ext)) {
        return Kind.OTHER;
      }
    }
    try {
      String text =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
      if (text.indexOf('\0') >= 0) {
        return Kind.OTHER;
      }
      return text.stripLeading().startsWith("<") ? Kind.SSML : Kind.TEXT;
    } catch (java.nio.charset.CharacterCodingException e) {
      return Kind.OTHER;
    }
  }

  /**
   * The URIs of a {@code text/uri-list} body (RFC 2483: one per line, {@code #} lines are
   * comments).
   *
   * @throws ParseFailure when it names none, or more than 64
   */
  static List<String> uris(byte[] body) throws ParseFailure {
    List<String> out = new ArrayList<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    if (out.isEmpty() || out.size() > 64) {
      throw new ParseFailure("a text/uri-list must name 1 to 64 URIs, not " + out.size());
    }
    return out;
  }

  static boolean isSsml(String contentType) {
    String t = baseType(contentType);
    return t.equals("application/ssml+xml") || t.equals("application/synthesis+ssml");
  }

  static String baseType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a body of {@code contentType}.
   *
   * @throws ParseFailure for malformed SSML, a root that is not {@code speak}, bad attribute values
   *     or a body over the limits
   */
  static Parsed parse(String contentType, byte[] body) throws ParseFailure {
    if (body.length > MAX_BYTES) {
      throw new ParseFailure("the body is larger than " + MAX_BYTES + " octets");
    }
    if (!isSsml(contentType)) {
      String text = new String(body, StandardCharsets.UTF_8);
      return new Parsed(
          List.of(new SpeechSegment.Text(text.strip())),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of());
    }
    Document doc;
    try {
      doc = SafeXml.parse(body, MAX_BYTES);
    } catch (SafeXml.XmlException e) {
      throw new ParseFailure(
          "SSML is not well-formed"
              + (e.line() > 0 ? " (line " + e.line() + ")" : "")
              + ": "
              + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!"speak".equals(localName(root))) {
      throw new ParseFailure("the SSML root element is <" + localName(root) + ">, not <speak>");
    }
    Walker w = new Walker(false);
    w.children(root);
    w.flush();
    String lang = root.getAttribute("xml:lang");
    if (lang.isEmpty()) {
      lang = root.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
    }
    return new Parsed(
        List.copyOf(w.segments),
        lang.isBlank() ? Optional.empty() : Optional.of(lang.trim()),
        Optional.ofNullable(w.rate),
        Optional.ofNullable(w.volume),
        w.audio);
  }

  private static String localName(Node n) {
    String l = n.getLocalName();
    return l != null ? l : n.getNodeName();
  }

  /** Walks the SSML tree in document order, merging adjacent text. */
  private static final class Walker {
    final List<SpeechSegment> segments = new ArrayList<>();
    final List<Audio> audio = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    final boolean fallback; // walking an <audio>'s content: clips inside it are not fetched
    Double rate;
    Double volume;

    Walker(boolean fallback) {
      this.fallback = fallback;
    }

    void children(Node parent) throws ParseFailure {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
          text.append(n.getNodeValue());
        } else if (n.getNodeType() == Node.ELEMENT_NODE) {
          element((Element) n);
        }
      }
    }

    void element(Element e) throws ParseFailure {
      switch (localName(e)) {
        case "mark" -> {
          String name = e.getAttribute("name");
          if (name.isBlank()) {
            throw new ParseFailure("<mark> without a name");
          }
          add(new SpeechSegment.Mark(name));
        }
        case "break" -> add(new SpeechSegment.Pause(breakMillis(e)));
        case "audio" -> {
          String src = e.getAttribute("src").trim();
          if (src.isEmpty() || fallback) {
            children(e);
            return;
          }
          flush();
          Walker alt = new Walker(true);
          alt.children(e);
          alt.flush();
          if (segments.size() + alt.segments.size() > MAX_SEGMENTS) {
            throw new ParseFailure("more than " + MAX_SEGMENTS + " pieces of speech");
          }
          if (audio.size() == MAX_AUDIO) {
            throw new ParseFailure("more than " + MAX_AUDIO + " <audio> clips");
          }
          audio.add(new Audio(segments.size(), src, alt.segments));
        }
        case "sub" -> text.append(' ').append(e.getAttribute("alias")).append(' ');
        case "desc", "meta", "metadata", "lexicon" -> {
          // not spoken
        }
        case "p", "s" -> {
          text.append(' ');
          children(e);
          text.append(' ');
        }
        case "prosody" -> {
          if (rate == null && e.hasAttribute("rate")) {
            rate = Prosody.rate(e.getAttribute("rate")).orElse(null);
          }
          if (volume == null && e.hasAttribute("volume")) {
            volume = Prosody.volume(e.getAttribute("volume")).orElse(null);
          }
          children(e);
        }
        default -> children(e); // voice, emphasis, say-as, lang, w, token, phoneme, ...
      }
    }

    void add(SpeechSegment s) throws ParseFailure {
      flush();
      segments.add(s);
      if (segments.size() > MAX_SEGMENTS) {
        throw new ParseFailure("more than " + MAX_SEGMENTS + " pieces of speech");
      }
    }

    void flush() throws ParseFailure {
      String t = text.toString().replaceAll("\\s+", " ").strip();
      text.setLength(0);
      if (!t.isEmpty()) {
        segments.add(new SpeechSegment.Text(t));
        if (segments.size() > MAX_SEGMENTS) {
          throw new ParseFailure("more than " + MAX_SEGMENTS + " pieces of speech");
        }
      }
    }
  }

  /** SSML 1.0 section 3.2.3: {@code time} ("250ms", "1.5s") wins over {@code strength}. */
  static int breakMillis(Element e) throws ParseFailure {
    String time = e.getAttribute("time").trim();
    if (!time.isEmpty()) {
      double ms;
      try {
        if (time.endsWith("ms")) {
          ms = Double.parseDouble(time.substring(0, time.length() - 2));
        } else if (time.endsWith("s")) {
          ms = Double.parseDouble(time.substring(0, time.length() - 1)) * 1000;
        } else {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException x) {
        throw new ParseFailure("<break time=\"" + time + "\"> is not a time like 250ms or 1.5s");
      }
      if (!(ms >= 0) || ms > MAX_PAUSE_MILLIS) {
        throw new ParseFailure(
            "<break time=\"" + time + "\"> must be 0-" + MAX_PAUSE_MILLIS + "ms");
      }
      return (int) Math.round(ms);
    }
    return switch (e.getAttribute("strength").trim()) {
      case "none" -> 0;
      case "x-weak" -> 100;
      case "weak" -> 250;
      case "", "medium" -> 500;
      case "strong" -> 750;
      case "x-strong" -> 1000;
      default ->
          throw new ParseFailure(
              "<break strength=\"" + e.getAttribute("strength") + "\"> is not an SSML strength");
    };
  }
}
