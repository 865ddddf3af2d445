package io.mrcpj.client;

import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One SPEAK (RFC 6787 section 8): what to say as plain text, SSML ({@code application/ssml+xml}, or
 * the older {@code application/synthesis+ssml} UniMRCP's umc sends) or a {@code text/uri-list} of
 * documents to fetch; the synthesizer parameters for this SPEAK only; and how long the client waits
 * for SPEAK-COMPLETE. The body goes out in UTF-8.
 *
 * <p>The request is written as UniMRCP and FreeSWITCH's mod_unimrcp write theirs:
 * Channel-Identifier, Content-Type, the parameters in order, Content-Length.
 */
public final class SpeakRequest {

  public static final String TEXT_PLAIN = "text/plain";
  public static final String SSML = "application/ssml+xml";
  public static final String SYNTHESIS_SSML = "application/synthesis+ssml";
  public static final String URI_LIST = "text/uri-list";

  private static final Set<String> CONTENT_TYPES =
      Set.of(TEXT_PLAIN, SSML, SYNTHESIS_SSML, URI_LIST);

  private final String contentType;
  private final String content;
  private final SynthesizerParams params;
  private final Duration timeout;

  private SpeakRequest(Builder b) {
    if (b.content == null) {
      throw new IllegalArgumentException("a SPEAK needs text, SSML or URIs");
    }
    this.contentType = b.contentType;
    this.content = b.content;
    this.params = b.params;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A SPEAK of plain text with the session's parameters. */
  public static SpeakRequest text(String text) {
    return builder().text(text).build();
  }

  /** The Content-Type of the body. */
  public String contentType() {
    return contentType;
  }

  /** The body: the text, the SSML document or the URI list. */
  public String content() {
    return content;
  }

  public SynthesizerParams params() {
    return params;
  }

  /** How long the client waits for SPEAK-COMPLETE before it sends STOP and gives up. */
  public Duration timeout() {
    return timeout;
  }

  /** The SPEAK for {@code channel}, without its request-id. */
  MrcpRequest.Builder message(ChannelId channel) {
    MrcpRequest.Builder b =
        MrcpRequest.builder()
            .method(MrcpMethod.SPEAK)
            .channelId(channel)
            .header(GenericHeaders.CONTENT_TYPE.name(), contentType);
    params.headers().forEach(b::header);
    return b.body(contentType, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds a {@link SpeakRequest}. */
  public static final class Builder {
    private String contentType;
    private String content;
    private SynthesizerParams params = SynthesizerParams.NONE;
    private Duration timeout = Duration.ofSeconds(120);

    private Builder() {}

    /** Plain text ({@code text/plain}). */
    public Builder text(String text) {
      return content(TEXT_PLAIN, text);
    }

    /** An SSML document ({@code application/ssml+xml}). */
    public Builder ssml(String ssml) {
      return content(SSML, ssml);
    }

    /** Documents for the server to fetch and speak, one URI a line ({@code text/uri-list}). */
    public Builder uris(List<String> uris) {
      if (uris.isEmpty()) {
        throw new IllegalArgumentException("no URI");
      }
      for (String u : uris) {
        if (u.isBlank() || u.indexOf('\r') >= 0 || u.indexOf('\n') >= 0) {
          throw new IllegalArgumentException("not a URI: '" + u + "'");
        }
      }
      return content(URI_LIST, String.join("\r\n", uris) + "\r\n");
    }

    /**
     * The body with its Content-Type: {@code text/plain}, {@code application/ssml+xml}, {@code
     * application/synthesis+ssml} or {@code text/uri-list}, parameters (e.g. {@code
     * ;charset=UTF-8}) allowed.
     *
     * @throws IllegalArgumentException for another type or an empty body
     */
    public Builder content(String contentType, String body) {
      Objects.requireNonNull(contentType, "contentType");
      String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!CONTENT_TYPES.contains(type)
          || contentType.indexOf('\r') >= 0
          || contentType.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "the content type must be text/plain, application/ssml+xml,"
                + " application/synthesis+ssml or text/uri-list, not '"
                + contentType
                + "'");
      }
      if (body == null || body.isEmpty()) {
        throw new IllegalArgumentException("nothing to speak");
      }
      this.contentType = contentType;
      this.content = body;
      return this;
    }

    /** Parameters for this SPEAK only (the session's defaults apply to the rest). */
    public Builder params(SynthesizerParams params) {
      this.params = Objects.requireNonNull(params, "params");
      return this;
    }

    /** How long to wait for SPEAK-COMPLETE (default 120 s); pauses count too. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public SpeakRequest build() {
      return new SpeakRequest(this);
    }
  }
}
