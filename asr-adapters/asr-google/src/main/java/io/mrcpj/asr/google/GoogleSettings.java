package io.mrcpj.asr.google;

import io.mrcpj.asr.spi.EngineException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code google} engine's settings, read and checked once when the engine is loaded: a bad
 * value is an {@link EngineException} naming the setting, never a failure at the first call.
 *
 * @param credentialsFile a service-account key (JSON), or null for Application Default Credentials
 *     (or none at all with {@code plaintext})
 * @param endpoint the service's {@code host:port}
 * @param plaintext whether to speak gRPC without TLS (a local emulator or test server only)
 * @param model the recognition model ({@code latest_short}, {@code phone_call}...), or null for the
 *     service's default
 * @param language the language asked for when a recognition names none
 * @param finalTimeoutMs how long the service may take to end the stream after the end of input
 * @param maxQueuedSeconds audio a stream may have waiting to be sent before it fails
 * @param threads the engine's threads: gRPC callbacks, each stream's serial work, timers
 */
record GoogleSettings(
    Path credentialsFile,
    String endpoint,
    boolean plaintext,
    String model,
    String language,
    int finalTimeoutMs,
    int maxQueuedSeconds,
    int threads) {

  static final String CREDENTIALS_FILE = "credentials-file";
  static final String ENDPOINT = "endpoint";
  static final String PLAINTEXT = "plaintext";
  static final String MODEL = "model";
  static final String LANGUAGE = "language";
  static final String FINAL_TIMEOUT_MS = "final-timeout-ms";
  static final String MAX_QUEUED_SECONDS = "max-queued-seconds";
  static final String THREADS = "threads";

  static final String DEFAULT_ENDPOINT = "speech.googleapis.com:443";

  /** The rate the audio is sent at (LINEAR16); the server resamples to it. */
  static final int SAMPLE_RATE = 16_000;

  /** Reads the settings; every key is optional. */
  static GoogleSettings parse(Map<String, String> s) throws EngineException {
    String file = trimmed(s.get(CREDENTIALS_FILE));
    String endpoint = endpoint(trimmed(s.get(ENDPOINT)));
    String language = trimmed(s.get(LANGUAGE));
    return new GoogleSettings(
        file == null ? null : Path.of(file),
        endpoint,
        bool(s, PLAINTEXT),
        trimmed(s.get(MODEL)),
        language == null ? "en-US" : language,
        intSetting(s, FINAL_TIMEOUT_MS, 10_000, 1, 600_000),
        intSetting(s, MAX_QUEUED_SECONDS, 30, 1, 3600),
        intSetting(s, THREADS, 2, 1, 64));
  }

  /** Bytes of 16-bit audio one stream may have waiting before it fails. */
  long maxQueuedBytes() {
    return 2L * SAMPLE_RATE * maxQueuedSeconds;
  }

  private static String endpoint(String value) throws EngineException {
    if (value == null) {
      return DEFAULT_ENDPOINT;
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || value.contains("/")) {
      throw invalid(ENDPOINT + " must be host:port, e.g. " + DEFAULT_ENDPOINT, value);
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (port >= 1 && port <= 65_535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(ENDPOINT + " has no port from 1 to 65535", value);
  }

  private static boolean bool(Map<String, String> s, String key) throws EngineException {
    String v = trimmed(s.get(key));
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key + " must be true or false", v);
    };
  }

  private static int intSetting(Map<String, String> s, String key, int dflt, int min, int max)
      throws EngineException {
    String v = trimmed(s.get(key));
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

  private static String trimmed(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }

  static EngineException invalid(String what, String value) {
    return new EngineException(
        EngineException.Kind.ENGINE_FAILURE, "google setting " + what + ": " + value);
  }
}
