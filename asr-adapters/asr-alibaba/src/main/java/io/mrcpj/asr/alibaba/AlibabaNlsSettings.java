package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code alibaba-nls} engine's settings, read and checked once when the engine is loaded: a bad
 * value is an {@link EngineException} naming the setting, never a failure at the first call.
 * Credentials are not here: {@link Credentials} finds them (in settings, files or the environment).
 *
 * @param region the Alibaba Cloud region, e.g. {@code cn-shanghai}: its gateway and token service
 *     are the defaults of {@code url} and {@code tokenUrl}
 * @param url the NLS gateway's WebSocket address, {@code wss://} (or {@code ws://})
 * @param tokenUrl where tokens are made from an AccessKey ({@code CreateToken}), {@code https://}
 *     (or {@code http://}, for local stand-ins only)
 * @param appKey the project's app key if set here, else null (then taken from the environment)
 * @param tokenFile a file holding a token, re-read when it changes, or null
 * @param credentialsFile a file holding an AccessKey pair, or null
 * @param language the language tag of the app key's model (the service has no per-request language:
 *     the project chosen by the app key decides it)
 * @param sampleRate the rate sent and told to the service: 8000 or 16000, matching the model
 * @param enablePunctuation whether the service adds punctuation
 * @param enableItn whether the service writes numbers as digits (inverse text normalization)
 * @param vocabularyId a hot-word vocabulary made beforehand, or null
 * @param customizationId a custom language model made beforehand, or null
 * @param connectTimeoutMs from a recognition's start until the service confirms it: TCP, TLS, the
 *     WebSocket upgrade and {@code TranscriptionStarted}
 * @param finalTimeoutMs how long the service may take to complete after the end of input
 * @param maxQueuedSeconds audio a stream may have waiting to be sent before it fails
 * @param threads workers for the SDK's blocking calls, shared by all streams
 * @param ioThreads event loop threads of the WebSocket connections, shared by all streams
 */
record AlibabaNlsSettings(
    String region,
    URI url,
    URI tokenUrl,
    String appKey,
    Path tokenFile,
    Path credentialsFile,
    String language,
    int sampleRate,
    boolean enablePunctuation,
    boolean enableItn,
    String vocabularyId,
    String customizationId,
    int connectTimeoutMs,
    int finalTimeoutMs,
    int maxQueuedSeconds,
    int threads,
    int ioThreads) {

  static final String REGION = "region";
  static final String URL = "url";
  static final String TOKEN_URL = "token-url";
  static final String APP_KEY = "app-key";
  static final String TOKEN_FILE = "token-file";
  static final String CREDENTIALS_FILE = "credentials-file";
  static final String LANGUAGE = "language";
  static final String SAMPLE_RATE = "sample-rate";
  static final String ENABLE_PUNCTUATION = "enable-punctuation";
  static final String ENABLE_ITN = "enable-itn";
  static final String VOCABULARY_ID = "vocabulary-id";
  static final String CUSTOMIZATION_ID = "customization-id";
  static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
  static final String FINAL_TIMEOUT_MS = "final-timeout-ms";
  static final String MAX_QUEUED_SECONDS = "max-queued-seconds";
  static final String THREADS = "threads";
  static final String IO_THREADS = "io-threads";

  /** The SDK's own default region (its gateway is {@code nls-gateway.cn-shanghai...}). */
  static final String DEFAULT_REGION = "cn-shanghai";

  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");

  /** App keys, vocabulary and customization ids are short letters-and-digits ids. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** Reads the settings; every key is optional. */
  static AlibabaNlsSettings parse(Map<String, String> s) throws EngineException {
    String region = trimmed(s, REGION, DEFAULT_REGION).toLowerCase(Locale.ROOT);
    if (!REGION_NAME.matcher(region).matches()) {
      throw invalid(REGION + " must be an Alibaba Cloud region such as cn-shanghai", region);
    }
    URI url = url(URL, trimmed(s, URL, gateway(region)), "ws", "wss");
    URI tokenUrl = url(TOKEN_URL, trimmed(s, TOKEN_URL, tokenService(region)), "http", "https");
    int rate = intSetting(s, SAMPLE_RATE, 16_000, 8_000, 16_000);
    if (rate != 8_000 && rate != 16_000) {
      throw invalid(SAMPLE_RATE + " must be 8000 or 16000", s.get(SAMPLE_RATE));
    }
    String language = trimmed(s, LANGUAGE, "zh-CN");
    if (Locale.forLanguageTag(language).getLanguage().isEmpty()) {
      throw invalid(LANGUAGE + " must be a language tag such as zh-CN", language);
    }
    return new AlibabaNlsSettings(
        region,
        url,
        tokenUrl,
        id(s, APP_KEY),
        path(s, TOKEN_FILE),
        path(s, CREDENTIALS_FILE),
        language,
        rate,
        bool(s, ENABLE_PUNCTUATION),
        bool(s, ENABLE_ITN),
        id(s, VOCABULARY_ID),
        id(s, CUSTOMIZATION_ID),
        intSetting(s, CONNECT_TIMEOUT_MS, 5_000, 1, 120_000),
        intSetting(s, FINAL_TIMEOUT_MS, 10_000, 1, 600_000),
        intSetting(s, MAX_QUEUED_SECONDS, 30, 1, 3600),
        intSetting(s, THREADS, 32, 1, 512),
        intSetting(s, IO_THREADS, 2, 1, 64));
  }

  /** The region's gateway, as the SDK spells the Shanghai one. */
  static String gateway(String region) {
    return "wss://nls-gateway." + region + ".aliyuncs.com/ws/v1";
  }

  /** The region's token service ({@code CreateToken}, API version 2019-02-28). */
  static String tokenService(String region) {
    return "https://nls-meta." + region + ".aliyuncs.com/";
  }

  /** Whether {@link #url} is {@code wss://}. */
  boolean tls() {
    return url.getScheme().equalsIgnoreCase("wss");
  }

  /** {@link #url}'s port, or the scheme's default. */
  int port() {
    return url.getPort() != -1 ? url.getPort() : tls() ? 443 : 80;
  }

  /** Bytes of 16-bit audio one stream may have waiting before it fails. */
  long maxQueuedBytes() {
    return 2L * sampleRate * maxQueuedSeconds;
  }

  private static URI url(String key, String value, String plain, String secure)
      throws EngineException {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid(key + " is not a URL (" + e.getReason() + ")", value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(plain) && !scheme.equals(secure)) {
      throw invalid(key + " must start with " + secure + ":// (or " + plain + "://)", value);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid(key + " has no host", value);
    }
    if (uri.getUserInfo() != null) {
      throw invalid(key + " must not carry a user name or password", "(not shown)");
    }
    return uri;
  }

  /** An id setting, or null when unset. */
  private static String id(Map<String, String> s, String key) throws EngineException {
    String v = trimmed(s, key, null);
    if (v != null && !ID.matcher(v).matches()) {
      throw invalid(key + " must be an id of letters, digits, '-' and '_'", "(not shown)");
    }
    return v;
  }

  private static Path path(Map<String, String> s, String key) throws EngineException {
    String v = trimmed(s, key, null);
    try {
      return v == null ? null : Path.of(v);
    } catch (RuntimeException e) {
      throw invalid(key + " is not a file name (" + e.getMessage() + ")", v);
    }
  }

  private static boolean bool(Map<String, String> s, String key) throws EngineException {
    String v = trimmed(s, key, "false").toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key + " must be true or false", v);
    };
  }

  private static String trimmed(Map<String, String> s, String key, String dflt) {
    String v = s.get(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  private static int intSetting(Map<String, String> s, String key, int dflt, int min, int max)
      throws EngineException {
    String v = trimmed(s, key, null);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key + " must be a whole number from " + min + " to " + max, v);
  }

  static EngineException invalid(String what, String value) {
    return new EngineException(
        EngineException.Kind.ENGINE_FAILURE, "alibaba-nls setting " + what + ": " + value);
  }
}
