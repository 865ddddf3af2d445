package io.mrcpj.asr.voskremote;

import io.mrcpj.asr.spi.EngineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code vosk-remote} engine's settings, read and checked once when the engine is loaded: a bad
 * value is an {@link EngineException} naming the setting, never a failure at the first call.
 *
 * @param url the vosk-server's WebSocket address, {@code ws://} or {@code wss://}
 * @param host {@code url}'s host
 * @param port {@code url}'s port (default 80 for ws, 443 for wss)
 * @param tls whether the URL is {@code wss://}
 * @param connectTimeoutMs how long TCP connect, TLS and the WebSocket handshake may take together
 * @param finalTimeoutMs how long the server may take to answer the end of input with a result
 * @param maxAlternatives most alternatives ever asked for (N-best); 0 never asks for alternatives
 * @param language the language tag of the server's model
 * @param sampleRate the rate the audio is sent at (8000 or 16000), and told to the server
 * @param maxQueuedSeconds audio a stream may have waiting to be sent before it fails
 * @param ioThreads event loop threads shared by all streams
 */
record RemoteVoskSettings(
    URI url,
    String host,
    int port,
    boolean tls,
    int connectTimeoutMs,
    int finalTimeoutMs,
    int maxAlternatives,
    String language,
    int sampleRate,
    int maxQueuedSeconds,
    int ioThreads) {

  static final String URL = "url";
  static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
  static final String FINAL_TIMEOUT_MS = "final-timeout-ms";
  static final String MAX_ALTERNATIVES = "max-alternatives";
  static final String LANGUAGE = "language";
  static final String SAMPLE_RATE = "sample-rate";
  static final String MAX_QUEUED_SECONDS = "max-queued-seconds";
  static final String IO_THREADS = "io-threads";

  /** Reads the settings; every key is optional except {@code url}. */
  static RemoteVoskSettings parse(Map<String, String> s) throws EngineException {
    URI url = url(s.get(URL));
    boolean tls = url.getScheme().equalsIgnoreCase("wss");
    int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal
    }
    int rate = intSetting(s, SAMPLE_RATE, 16_000, 8_000, 16_000);
    if (rate != 8_000 && rate != 16_000) {
      throw invalid(SAMPLE_RATE + " must be 8000 or 16000", s.get(SAMPLE_RATE));
    }
    String language = s.getOrDefault(LANGUAGE, "en-US").trim();
    if (language.isEmpty()) {
      throw invalid(LANGUAGE + " must be a language tag such as en-US", s.get(LANGUAGE));
    }
    return new RemoteVoskSettings(
        url,
        host,
        port,
        tls,
        intSetting(s, CONNECT_TIMEOUT_MS, 5_000, 1, 120_000),
        intSetting(s, FINAL_TIMEOUT_MS, 10_000, 1, 600_000),
        intSetting(s, MAX_ALTERNATIVES, 5, 0, 100),
        language,
        rate,
        intSetting(s, MAX_QUEUED_SECONDS, 30, 1, 3600),
        intSetting(s, IO_THREADS, 2, 1, 64));
  }

  private static URI url(String value) throws EngineException {
    if (value == null || value.isBlank()) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "vosk-remote setting "
              + URL
              + " is required: the vosk-server's WebSocket address, e.g. ws://asr-host:2700");
    }
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw invalid(URL + " is not a URL (" + e.getReason() + ")", value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw invalid(URL + " must start with ws:// or wss://", value);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid(URL + " has no host", value);
    }
    if (uri.getUserInfo() != null) {
      throw invalid(URL + " must not carry a user name or password", "(not shown)");
    }
    return uri;
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
        EngineException.Kind.ENGINE_FAILURE, "vosk-remote setting " + what + ": " + value);
  }

  /** Bytes of 16-bit audio one stream may have waiting before it fails. */
  long maxQueuedBytes() {
    return 2L * sampleRate * maxQueuedSeconds;
  }
}
