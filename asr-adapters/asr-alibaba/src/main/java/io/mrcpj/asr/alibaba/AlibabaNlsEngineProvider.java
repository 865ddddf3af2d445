package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.time.Clock;
import java.util.Map;

/**
 * Makes the {@code alibaba-nls} engine: Alibaba Cloud real-time speech recognition. Settings
 * ({@code engine.settings.alibaba-nls.*}, all optional):
 *
 * <ul>
 *   <li>{@code region}: the Alibaba Cloud region whose gateway and token service are the defaults
 *       (default {@code cn-shanghai});
 *   <li>{@code url}: the gateway, {@code wss://...} (TLS with the JDK's trust store and a host name
 *       check) or {@code ws://} (default {@code wss://nls-gateway.<region>.aliyuncs.com/ws/v1});
 *   <li>{@code token-url}: the CreateToken service (default {@code
 *       https://nls-meta.<region>.aliyuncs.com/});
 *   <li>{@code app-key}: the project's app key (else the environment variable {@code
 *       ALIBABA_NLS_APP_KEY});
 *   <li>{@code token-file}: a file holding a token, read again when it changes;
 *   <li>{@code credentials-file}: an AccessKey pair ({@code access_key_id}, {@code
 *       access_key_secret}) to make tokens with; without either file, {@code ALIBABA_NLS_TOKEN} or
 *       {@code ALIBABA_CLOUD_ACCESS_KEY_ID} and {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET};
 *   <li>{@code language}: the language of the app key's model (default {@code zh-CN});
 *   <li>{@code sample-rate}: 8000 or 16000, as the model wants (default 16000);
 *   <li>{@code enable-punctuation}, {@code enable-itn}: punctuation, numbers as digits (default
 *       false, as the service);
 *   <li>{@code vocabulary-id}, {@code customization-id}: a hot-word vocabulary, a custom model;
 *   <li>{@code connect-timeout-ms}: from the start until the service confirms it (default 5000);
 *   <li>{@code final-timeout-ms}: from the end of input until it completes (default 10000);
 *   <li>{@code max-queued-seconds}: audio a stream may have waiting to be sent (default 30);
 *   <li>{@code threads}: workers for the SDK's blocking calls (default 32);
 *   <li>{@code io-threads}: event loop threads of the connections (default 2).
 * </ul>
 *
 * Missing credentials fail the load with a message saying where they were looked for.
 */
public final class AlibabaNlsEngineProvider implements RecognitionEngineProvider {

  @Override
  public String name() {
    return AlibabaNlsEngine.NAME;
  }

  @Override
  public RecognitionEngine create(Map<String, String> settings) throws EngineException {
    return new AlibabaNlsEngine(
        AlibabaNlsSettings.parse(settings), System.getenv(), Clock.systemUTC());
  }
}
