/**
 * The {@code vosk-remote} engine: Vosk recognition on a vosk-server reached over its WebSocket
 * protocol, one connection per recognition, on the engine's own netty event loops.
 */
package io.mrcpj.asr.voskremote;
