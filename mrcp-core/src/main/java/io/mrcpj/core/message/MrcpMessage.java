package io.mrcpj.core.message;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An MRCPv2 message (RFC 6787 section 5): a request, a response or an event. Immutable: the body is
 * copied in and out, headers are an immutable {@link MrcpHeaders}. Bodies are bytes plus the
 * Content-Type header, so lengths are octets and any charset round-trips.
 */
public abstract sealed class MrcpMessage permits MrcpRequest, MrcpResponse, MrcpEvent {

  /** The only protocol version this implementation speaks. */
  public static final String VERSION = "MRCP/2.0";

  /** request-id is a 32-bit unsigned number (RFC 6787 section 5.1). */
  public static final long MAX_REQUEST_ID = 0xFFFF_FFFFL;

  private static final byte[] NO_BODY = new byte[0];

  private final String version;
  private final long requestId;
  private final MrcpHeaders headers;
  private final byte[] body;

  MrcpMessage(Builder<?, ?> b) {
    this.version = b.version;
    this.requestId = checkRequestId(b.requestId);
    byte[] bytes = b.body == null ? NO_BODY : b.body;
    MrcpHeaders.Builder hb = b.headers;
    if (b.contentType != null) {
      hb.set(GenericHeaders.CONTENT_TYPE.name(), b.contentType);
    }
    if (b.body != null && !b.raw) {
      hb.set(GenericHeaders.CONTENT_LENGTH, (long) bytes.length);
    }
    this.headers = hb.build();
    this.body = bytes.length == 0 ? NO_BODY : bytes.clone();
  }

  static long checkRequestId(long id) {
    if (id < 0 || id > MAX_REQUEST_ID) {
      throw new IllegalArgumentException("request-id must be 0 to 4294967295: " + id);
    }
    return id;
  }

  /**
   * Reads a request-id: 1 to 10 decimal digits, at most 4294967295.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static long parseRequestId(String text) {
    if (text.isEmpty() || text.length() > 10) {
      throw new IllegalArgumentException("not a request-id: '" + text + "'");
    }
    long v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a request-id: '" + text + "'");
      }
      v = v * 10 + (c - '0');
    }
    if (v > MAX_REQUEST_ID) {
      throw new IllegalArgumentException("request-id above 4294967295: " + text);
    }
    return v;
  }

  /** The version from the start line; {@value #VERSION} unless a peer sent another. */
  public String version() {
    return version;
  }

  public long requestId() {
    return requestId;
  }

  public MrcpHeaders headers() {
    return headers;
  }

  /** A copy of the body; empty when there is none. */
  public byte[] body() {
    return body.clone();
  }

  public int bodyLength() {
    return body.length;
  }

  public boolean hasBody() {
    return body.length > 0;
  }

  /** Writes the body without copying it. */
  public void writeBody(io.netty.buffer.ByteBuf out) {
    out.writeBytes(body);
  }

  /** The Content-Type header's media type, without parameters, in lower case. */
  public Optional<String> contentType() {
    return headers
        .get(GenericHeaders.CONTENT_TYPE.name())
        .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
  }

  /** The body as text, in the Content-Type's charset (UTF-8 when none or unknown). */
  public String bodyAsString() {
    return new String(body, charset());
  }

  private Charset charset() {
    String ct = headers.get(GenericHeaders.CONTENT_TYPE.name()).orElse("");
    for (String param : ct.split(";")) {
      String p = param.trim();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * The Channel-Identifier, if the message has one.
   *
   * @throws HeaderValueException when it is not {@code id@resource}
   */
  public Optional<ChannelId> channelId() {
    return headers.get(GenericHeaders.CHANNEL_IDENTIFIER);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MrcpMessage m
        && m.getClass() == getClass()
        && m.requestId == requestId
        && m.version.equals(version)
        && m.headers.equals(headers)
        && Arrays.equals(m.body, body)
        && startLineEquals(m);
  }

  abstract boolean startLineEquals(MrcpMessage other);

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), requestId, headers, Arrays.hashCode(body));
  }

  /** Common builder of the three message kinds. */
  public abstract static class Builder<M extends MrcpMessage, B extends Builder<M, B>> {
    String version = VERSION;
    long requestId;
    MrcpHeaders.Builder headers = MrcpHeaders.builder();
    byte[] body;
    String contentType;
    boolean raw;

    Builder() {}

    Builder(MrcpMessage m) {
      version = m.version;
      requestId = m.requestId;
      headers = m.headers.toBuilder();
      body = m.body.length == 0 ? null : m.body;
      raw = true;
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    public B version(String version) {
      this.version = Token.checkToken(version);
      return self();
    }

    public B requestId(long requestId) {
      this.requestId = checkRequestId(requestId);
      return self();
    }

    /** Replaces all headers. */
    public B headers(MrcpHeaders headers) {
      this.headers = headers.toBuilder();
      return self();
    }

    public B header(String name, String value) {
      headers.set(name, value);
      return self();
    }

    public <T> B header(HeaderField<T> field, T value) {
      headers.set(field, value);
      return self();
    }

    public B removeHeader(String name) {
      headers.remove(name);
      return self();
    }

    public B channelId(ChannelId id) {
      return header(GenericHeaders.CHANNEL_IDENTIFIER, id);
    }

    /** Sets the body and its Content-Type; Content-Length follows the body. */
    public B body(String contentType, byte[] bytes) {
      this.contentType = Objects.requireNonNull(contentType, "contentType");
      this.body = bytes.clone();
      this.raw = false;
      return self();
    }

    /** Sets a text body, written in UTF-8. */
    public B body(String contentType, String text) {
      return body(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the body bytes and leaves the headers exactly as given (for decoders, which keep a
     * peer's Content-Length and Content-Type as they were on the wire).
     */
    public B rawBody(byte[] bytes) {
      this.body = bytes;
      this.raw = true;
      this.contentType = null;
      return self();
    }

    public abstract M build();
  }
}
