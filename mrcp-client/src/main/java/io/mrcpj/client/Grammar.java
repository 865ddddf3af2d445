package io.mrcpj.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A grammar for RECOGNIZE (RFC 6787 section 9.5): either inline content (SRGS XML or ABNF) or a URI
 * the server resolves ({@code builtin:}, {@code session:}, {@code http:}).
 */
public final class Grammar {

  /** SRGS XML (RFC 6787 section 9.5). */
  public static final String SRGS_XML = "application/srgs+xml";

  /** SRGS ABNF. */
  public static final String SRGS_ABNF = "application/srgs";

  /** Free-form transcription, a grammar every recognizer of this project has. */
  public static final Grammar TRANSCRIBE = uri("builtin:speech/transcribe");

  private final String uri;
  private final String contentType;
  private final String content;
  private final String contentId;

  private Grammar(String uri, String contentType, String content, String contentId) {
    this.uri = uri;
    this.contentType = contentType;
    this.content = content;
    this.contentId = contentId;
  }

  /** A grammar the server finds by URI, e.g. {@code builtin:grammar/boolean}. */
  public static Grammar uri(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.isBlank() || uri.chars().anyMatch(c -> c < 0x21)) {
      throw new IllegalArgumentException("not a grammar URI: '" + uri + "'");
    }
    return new Grammar(uri, null, null, null);
  }

  /** Inline grammar text of {@code contentType} ({@link #SRGS_XML} or {@link #SRGS_ABNF}). */
  public static Grammar inline(String contentType, String content) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(content, "content");
    return new Grammar(null, contentType, content, null);
  }

  /** Inline SRGS XML. */
  public static Grammar xml(String content) {
    return inline(SRGS_XML, content);
  }

  /**
   * A grammar file: {@code .grxml} / {@code .xml} are SRGS XML, {@code .gram} / {@code .abnf} are
   * ABNF; other files are read as XML when they start with {@code <}, else as ABNF.
   */
  public static Grammar file(Path path) throws IOException {
    String text = Files.readString(path, StandardCharsets.UTF_8);
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    String type;
    if (name.endsWith(".grxml") || name.endsWith(".xml")) {
      type = SRGS_XML;
    } else if (name.endsWith(".gram") || name.endsWith(".abnf")) {
      type = SRGS_ABNF;
    } else {
      type = text.stripLeading().startsWith("<") ? SRGS_XML : SRGS_ABNF;
    }
    return inline(type, text);
  }

  /** The same inline grammar stored under {@code contentId} (for later {@code session:} use). */
  public Grammar withContentId(String contentId) {
    if (uri != null) {
      throw new IllegalStateException("only inline grammars have a Content-ID");
    }
    return new Grammar(null, contentType, content, contentId);
  }

  public boolean isInline() {
    return uri == null;
  }

  /** The URI of a referenced grammar (null for inline ones). */
  public String uri() {
    return uri;
  }

  public String contentType() {
    return contentType;
  }

  public String content() {
    return content;
  }

  /** The Content-ID of an inline grammar, or null. */
  public String contentId() {
    return contentId;
  }

  @Override
  public String toString() {
    return uri != null ? uri : contentType + (contentId != null ? " <" + contentId + ">" : "");
  }
}
