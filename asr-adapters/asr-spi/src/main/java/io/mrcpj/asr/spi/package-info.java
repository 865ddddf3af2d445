/**
 * The engine-neutral speech recognition SPI. Engines are found with {@link java.util.ServiceLoader}
 * through {@link io.mrcpj.asr.spi.RecognitionEngineProvider}; nothing here knows about MRCP, SIP or
 * netty.
 */
package io.mrcpj.asr.spi;
