package io.mrcpj.asr.google;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.util.Map;

/**
 * Makes the {@code google} engine: Google Cloud Speech-to-Text streaming recognition. Settings
 * ({@code engine.settings.google.*}):
 *
 * <ul>
 *   <li>{@code credentials-file}: a service-account key (JSON); without it, Application Default
 *       Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS} first);
 *   <li>{@code endpoint}: {@code host:port} (default {@code speech.googleapis.com:443});
 *   <li>{@code plaintext}: {@code true} for gRPC without TLS and, unless a credentials file is
 *       given, without credentials (a local emulator or test server only; default false);
 *   <li>{@code model}: the recognition model, e.g. {@code phone_call} (default: the service's);
 *   <li>{@code language}: asked for when a recognition names none (default {@code en-US});
 *   <li>{@code final-timeout-ms}: how long the service may take to end the stream after the end of
 *       input (default 10000);
 *   <li>{@code max-queued-seconds}: audio a stream may have waiting to be sent before it fails
 *       (default 30);
 *   <li>{@code threads}: the engine's threads (default 2).
 * </ul>
 *
 * Credentials are read at load, so a missing or unreadable key fails the engine's load with a
 * message naming the setting and the file; the service itself is reached only by recognitions.
 */
public final class GoogleSpeechEngineProvider implements RecognitionEngineProvider {

  @Override
  public String name() {
    return GoogleSpeechEngine.NAME;
  }

  @Override
  public RecognitionEngine create(Map<String, String> settings) throws EngineException {
    return new GoogleSpeechEngine(GoogleSettings.parse(settings));
  }
}
