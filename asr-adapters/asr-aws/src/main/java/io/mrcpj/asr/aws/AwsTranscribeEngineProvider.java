package io.mrcpj.asr.aws;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.util.Map;

/**
 * Makes the {@code aws-transcribe} engine: Amazon Transcribe streaming. Settings ({@code
 * engine.settings.aws-transcribe.*}):
 *
 * <ul>
 *   <li>{@code region}: the AWS region (default {@code us-east-1});
 *   <li>{@code endpoint}: an endpoint instead of the region's, {@code https://...} (or {@code
 *       http://} for HTTP/2 without TLS, such as a local stand-in);
 *   <li>{@code profile}: take credentials from this profile of the shared credentials file instead
 *       of the SDK's default chain (environment, system properties, the default profile, container
 *       and instance roles);
 *   <li>{@code language}: the language code used when a recognition names none (default {@code
 *       en-US}), and the region a bare language tag of the same language gets;
 *   <li>{@code partial-stability}: {@code off} (default), {@code low}, {@code medium} or {@code
 *       high} partial-result stabilization;
 *   <li>{@code vocabulary-name}: a custom vocabulary created in the account beforehand;
 *   <li>{@code final-timeout-ms}: how long the service may take to end the stream after the end of
 *       input (default 10000);
 *   <li>{@code connect-timeout-ms}: TCP and TLS connection (default 5000);
 *   <li>{@code max-queued-seconds}: audio a stream may have waiting to be sent (default 30);
 *   <li>{@code io-threads}: the HTTP client's event loop threads (default 2).
 * </ul>
 *
 * Credentials are resolved at load: without any the engine does not load, and the message says
 * where they were looked for.
 */
public final class AwsTranscribeEngineProvider implements RecognitionEngineProvider {

  @Override
  public String name() {
    return AwsTranscribeEngine.NAME;
  }

  @Override
  public RecognitionEngine create(Map<String, String> settings) throws EngineException {
    return new AwsTranscribeEngine(AwsTranscribeSettings.parse(settings));
  }
}
