package io.mrcpj.asr.aws;

import io.mrcpj.asr.spi.EngineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code aws-transcribe} engine's settings, read and checked once when the engine is loaded: a
 * bad value is an {@link EngineException} naming the setting, never a failure at the first call.
 *
 * @param region the AWS region whose Transcribe streaming endpoint is used, e.g. {@code us-east-1}
 * @param endpoint an endpoint that replaces the region's ({@code https://...}, or {@code http://}
 *     for HTTP/2 without TLS, as a local stand-in speaks), or null
 * @param profile the profile of the shared AWS credentials and config files to take credentials
 *     from, or null for the SDK's default chain (environment, system properties, profile files,
 *     container and instance roles)
 * @param language the Transcribe language code used when a recognition names none, and whose region
 *     a bare language tag gets when it is the same language (e.g. {@code en} means {@code en-US})
 * @param partialStability partial-result stabilization ({@code low}, {@code medium}, {@code high}),
 *     or null to leave it off
 * @param vocabularyName a custom vocabulary already created in the account, or null
 * @param finalTimeoutMs how long the service may take to end the stream after the end of input
 * @param connectTimeoutMs how long a TCP (and TLS) connection may take
 * @param maxQueuedSeconds audio a stream may have waiting to be sent before it fails
 * @param ioThreads the HTTP client's event loop threads, shared by all streams
 */
record AwsTranscribeSettings(
    String region,
    URI endpoint,
    String profile,
    String language,
    String partialStability,
    String vocabularyName,
    int finalTimeoutMs,
    int connectTimeoutMs,
    int maxQueuedSeconds,
    int ioThreads) {

  static final String REGION = "region";
  static final String ENDPOINT = "endpoint";
  static final String PROFILE = "profile";
  static final String LANGUAGE = "language";
  static final String PARTIAL_STABILITY = "partial-stability";
  static final String VOCABULARY_NAME = "vocabulary-name";
  static final String FINAL_TIMEOUT_MS = "final-timeout-ms";
  static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
  static final String MAX_QUEUED_SECONDS = "max-queued-seconds";
  static final String IO_THREADS = "io-threads";

  /** The rate sent: Transcribe takes 8 to 48 kHz PCM; 16 kHz is what the other engines use. */
  static final int SAMPLE_RATE = 16_000;

  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-\\d+");
  private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");
  private static final Pattern VOCABULARY = Pattern.compile("[0-9a-zA-Z._-]{1,200}");

  /** Reads the settings; every key is optional. */
  static AwsTranscribeSettings parse(Map<String, String> s) throws EngineException {
    String region = trimmed(s, REGION, "us-east-1").toLowerCase(Locale.ROOT);
    if (!REGION_NAME.matcher(region).matches()) {
      throw invalid(REGION + " must be an AWS region name such as us-east-1", region);
    }
    String profile = trimmed(s, PROFILE, null);
    if (profile != null && !PROFILE_NAME.matcher(profile).matches()) {
      throw invalid(PROFILE + " must be a profile name of the AWS credentials file", profile);
    }
    String language = Languages.configured(trimmed(s, LANGUAGE, "en-US"));
    if (language == null) {
      throw invalid(
          LANGUAGE + " must be a language code Amazon Transcribe streams, such as en-US",
          s.get(LANGUAGE));
    }
    String stability = trimmed(s, PARTIAL_STABILITY, "off").toLowerCase(Locale.ROOT);
    if (!stability.matches("off|low|medium|high")) {
      throw invalid(PARTIAL_STABILITY + " must be off, low, medium or high", stability);
    }
    String vocabulary = trimmed(s, VOCABULARY_NAME, null);
    if (vocabulary != null && !VOCABULARY.matcher(vocabulary).matches()) {
      throw invalid(VOCABULARY_NAME + " must be the name of a custom vocabulary", vocabulary);
    }
    return new AwsTranscribeSettings(
        region,
        endpoint(trimmed(s, ENDPOINT, null)),
        profile,
        language,
        stability.equals("off") ? null : stability,
        vocabulary,
        intSetting(s, FINAL_TIMEOUT_MS, 10_000, 1, 600_000),
        intSetting(s, CONNECT_TIMEOUT_MS, 5_000, 1, 120_000),
        intSetting(s, MAX_QUEUED_SECONDS, 30, 1, 3600),
        intSetting(s, IO_THREADS, 2, 1, 64));
  }

  private static URI endpoint(String value) throws EngineException {
    if (value == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid(ENDPOINT + " is not a URL (" + e.getReason() + ")", value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw invalid(
          ENDPOINT + " must start with https:// (or http:// for HTTP/2 without TLS)", value);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid(ENDPOINT + " has no host", value);
    }
    if (uri.getUserInfo() != null) {
      throw invalid(ENDPOINT + " must not carry a user name or password", "(not shown)");
    }
    return uri;
  }

  private static String trimmed(Map<String, String> s, String key, String dflt) {
    String v = s.get(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  private static int intSetting(Map<String, String> s, String key, int dflt, int min, int max)
      throws EngineException {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key + " must be a whole number from " + min + " to " + max, v);
  }

  private static EngineException invalid(String what, String value) {
    return new EngineException(
        EngineException.Kind.ENGINE_FAILURE, "aws-transcribe setting " + what + ": " + value);
  }

  /** Bytes of 16-bit audio one stream may have waiting before it fails. */
  long maxQueuedBytes() {
    return 2L * SAMPLE_RATE * maxQueuedSeconds;
  }
}
