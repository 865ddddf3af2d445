package io.mrcpj.asr.voskremote;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import java.util.Map;

/**
 * Makes the {@code vosk-remote} engine: recognition by a vosk-server over WebSocket. Settings
 * ({@code engine.settings.vosk-remote.*}):
 *
 * <ul>
 *   <li>{@code url} (required): the server, {@code ws://host:2700} or {@code wss://...} (TLS with
 *       the JDK's trust store and a host name check);
 *   <li>{@code connect-timeout-ms}: TCP connect, TLS and WebSocket handshake together (default
 *       5000);
 *   <li>{@code final-timeout-ms}: how long the server may take to answer the end of input (default
 *       10000);
 *   <li>{@code max-alternatives}: most alternatives asked for when a recognition wants N-best
 *       (default 5; 0 never asks, and confidences then come from the words);
 *   <li>{@code language}: the server model's language tag (default {@code en-US});
 *   <li>{@code sample-rate}: 8000 or 16000, the rate sent and told to the server (default 16000,
 *       the rate of the embedded engine, so both can be loaded together);
 *   <li>{@code max-queued-seconds}: audio a stream may have waiting to be sent before it fails
 *       (default 30);
 *   <li>{@code io-threads}: event loop threads shared by all connections (default 2).
 * </ul>
 *
 * Nothing is connected at load time: a server that is down fails each recognition (the MRCP client
 * sees a recognizer error), not the server's start.
 */
public final class RemoteVoskEngineProvider implements RecognitionEngineProvider {

  @Override
  public String name() {
    return RemoteVoskEngine.NAME;
  }

  @Override
  public RecognitionEngine create(Map<String, String> settings) throws EngineException {
    return new RemoteVoskEngine(RemoteVoskSettings.parse(settings));
  }
}
