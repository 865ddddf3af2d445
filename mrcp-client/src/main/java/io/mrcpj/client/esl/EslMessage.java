package io.mrcpj.client.esl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One frame of the Event Socket protocol as it arrived: a block of {@code Name: value} lines, a
 * blank line, then {@code Content-Length} bytes of body when that header is present. Header values
 * are kept as sent (FreeSWITCH URL-encodes them in some frames, e.g. the outbound {@code connect}
 * reply, and not in others).
 */
public final class EslMessage {

  public static final String AUTH_REQUEST = "auth/request";
  public static final String COMMAND_REPLY = "command/reply";
  public static final String API_RESPONSE = "api/response";
  public static final String EVENT_PLAIN = "text/event-plain";
  public static final String EVENT_JSON = "text/event-json";
  public static final String EVENT_XML = "text/event-xml";
  public static final String DISCONNECT_NOTICE = "text/disconnect-notice";
  public static final String RUDE_REJECTION = "text/rude-rejection";
  public static final String LOG_DATA = "log/data";

  private static final byte[] NO_BODY = new byte[0];

  private final EslHeaders headers;
  private final byte[] body;

  public EslMessage(EslHeaders headers, byte[] body) {
    this.headers = Objects.requireNonNull(headers);
    this.body = body == null ? NO_BODY : body;
  }

  public EslHeaders headers() {
    return headers;
  }

  /** The Content-Type header, or "" when there is none. */
  public String contentType() {
    return headers.get("Content-Type", "");
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** The body bytes (empty when there is none). Do not modify. */
  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean hasBody() {
    return body.length > 0;
  }

  public boolean isEvent() {
    String t = contentType();
    return t.equals(EVENT_PLAIN) || t.equals(EVENT_JSON) || t.equals(EVENT_XML);
  }

  /** A reply to a command: {@code command/reply} or {@code api/response}. */
  public boolean isReply() {
    String t = contentType();
    return t.equals(COMMAND_REPLY) || t.equals(API_RESPONSE);
  }

  @Override
  public String toString() {
    return contentType() + " " + headers.size() + " headers, " + body.length + " body bytes";
  }
}
