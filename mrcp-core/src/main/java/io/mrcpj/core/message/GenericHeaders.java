package io.mrcpj.core.message;

import java.util.List;
import java.util.Map;

/**
 * Generic headers, valid on every resource (RFC 6787 section 6.2). Completion-Cause is read as text
 * here; {@link CompletionCause} and the per-resource enums turn it into a cause.
 */
public final class GenericHeaders {

  private GenericHeaders() {}

  public static final HeaderField<ChannelId> CHANNEL_IDENTIFIER =
      HeaderField.channelId("Channel-Identifier");
  public static final HeaderField<String> ACCEPT = HeaderField.text("Accept");
  public static final HeaderField<List<Long>> ACTIVE_REQUEST_ID_LIST =
      HeaderField.requestIdList("Active-Request-Id-List");
  public static final HeaderField<String> PROXY_SYNC_ID = HeaderField.text("Proxy-Sync-Id");
  public static final HeaderField<String> ACCEPT_CHARSET = HeaderField.text("Accept-Charset");
  public static final HeaderField<String> CONTENT_TYPE = HeaderField.text("Content-Type");
  public static final HeaderField<String> CONTENT_ID = HeaderField.text("Content-ID");
  public static final HeaderField<String> CONTENT_BASE = HeaderField.text("Content-Base");
  public static final HeaderField<String> CONTENT_ENCODING = HeaderField.text("Content-Encoding");
  public static final HeaderField<String> CONTENT_LOCATION = HeaderField.text("Content-Location");
  public static final HeaderField<Long> CONTENT_LENGTH = HeaderField.number("Content-Length");
  public static final HeaderField<Long> FETCH_TIMEOUT = HeaderField.number("Fetch-Timeout");
  public static final HeaderField<String> CACHE_CONTROL = HeaderField.text("Cache-Control");
  public static final HeaderField<String> LOGGING_TAG = HeaderField.text("Logging-Tag");
  public static final HeaderField<String> SET_COOKIE = HeaderField.text("Set-Cookie");
  public static final HeaderField<Map<String, String>> VENDOR_SPECIFIC_PARAMETERS =
      HeaderField.parameters("Vendor-Specific-Parameters");
}
