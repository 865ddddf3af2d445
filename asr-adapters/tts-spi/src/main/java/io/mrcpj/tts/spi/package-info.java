/**
 * The engine-neutral speech synthesis SPI. Engines are found with {@link java.util.ServiceLoader}
 * through {@link io.mrcpj.tts.spi.SynthesisEngineProvider}; nothing here knows about MRCP, SIP, RTP
 * or netty. The server parses SSML into {@link io.mrcpj.tts.spi.SpeechSegment}s, so an engine only
 * has to turn plain text into 16-bit mono PCM; it paces nothing (the server sends the audio at the
 * media clock).
 */
package io.mrcpj.tts.spi;
