package io.mrcpj.asr.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes NLS tokens from an AccessKey pair with the {@code CreateToken} API (version 2019-02-28, an
 * RPC-style Alibaba Cloud API signed with signature version 1.0: HMAC-SHA1 over the sorted,
 * percent-encoded query, keyed with the secret and {@code &}).
 *
 * <p>The SDK has a class for this ({@code AccessToken}), but it cannot serve here: it encodes the
 * signature with {@code javax.xml.bind.DatatypeConverter}, which Java 11 removed; it always speaks
 * plain HTTP, so the token comes back unencrypted; and it reports failures by printing them and
 * leaving the token null. This one uses {@code https://} (the JDK's trust store and host name
 * check), bounded timeouts, and throws an {@link IOException} saying what the service answered.
 *
 * <p>Blocking; called at the engine's load and then on the token thread, never for a recognition.
 */
final class TokenService {

  static final String VERSION = "2019-02-28";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** A token and the instant it stops being accepted. */
  record Token(String id, Instant expires) {}

  private final URI url;
  private final String region;
  private final String keyId;
  private final String keySecret;
  private final int timeoutMs;
  private final Clock clock;

  TokenService(URI url, String region, String keyId, String keySecret, int timeoutMs, Clock clock) {
    this.url = url;
    this.region = region;
    this.keyId = keyId;
    this.keySecret = keySecret;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  /** Where tokens come from, for messages. */
  String describe() {
    return "CreateToken at " + url + " with AccessKey " + keyId;
  }

  /** Asks for a new token. */
  Token create() throws IOException {
    SortedMap<String, String> query = new TreeMap<>();
    query.put("AccessKeyId", keyId);
    query.put("Action", "CreateToken");
    query.put("Format", "JSON");
    query.put("RegionId", region);
    query.put("SignatureMethod", "HMAC-SHA1");
    query.put("SignatureNonce", UUID.randomUUID().toString());
    query.put("SignatureVersion", "1.0");
    query.put("Timestamp", TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    query.put("Version", VERSION);
    String signature = sign("GET", query, keySecret);
    URI request =
        URI.create(url + "?" + canonical(query) + "&Signature=" + percentEncode(signature));
    HttpURLConnection http = (HttpURLConnection) request.toURL().openConnection();
    try {
      http.setConnectTimeout(timeoutMs);
      http.setReadTimeout(timeoutMs);
      http.setRequestProperty("Accept", "application/json");
      int status = http.getResponseCode();
      JsonNode body = read(status < 400 ? http.getInputStream() : http.getErrorStream());
      if (status != 200) {
        throw new IOException(
            describe()
                + " answered "
                + status
                + ": "
                + body.path("Code").asText("?")
                + ": "
                + body.path("Message").asText(body.toString()));
      }
      JsonNode token = body.path("Token");
      if (!token.path("Id").isTextual() || !token.path("ExpireTime").canConvertToLong()) {
        throw new IOException(describe() + " answered without Token.Id and ExpireTime: " + body);
      }
      return new Token(
          token.path("Id").asText(), Instant.ofEpochSecond(token.path("ExpireTime").asLong()));
    } finally {
      http.disconnect();
    }
  }

  private static JsonNode read(InputStream in) throws IOException {
    if (in == null) {
      return JSON.createObjectNode();
    }
    try (in) {
      byte[] bytes = in.readNBytes(64 * 1024);
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        return JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * The signature of an RPC-style request: Base64 of HMAC-SHA1, keyed with {@code secret + "&"},
   * over {@code METHOD&%2F&} followed by the percent-encoded canonical query.
   */
  static String sign(String method, SortedMap<String, String> query, String secret) {
    String toSign = method + "&" + percentEncode("/") + "&" + percentEncode(canonical(query));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA1", e);
    }
  }

  /** The query sorted by name, each name and value percent-encoded, joined with {@code &}. */
  static String canonical(SortedMap<String, String> query) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(percentEncode(e.getKey())).append('=').append(percentEncode(e.getValue()));
    }
    return sb.toString();
  }

  /** RFC 3986 encoding: form encoding with {@code %20} for space, {@code *} and {@code ~} fixed. */
  static String percentEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }
}
