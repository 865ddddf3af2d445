/**
 * The Vosk engine, the server's embedded default: the small US English model from Maven Central
 * ships inside the jar and is unpacked once to a cache folder, so it works offline out of the box.
 * Decoding runs on the engine's own bounded worker pool.
 */
package io.mrcpj.asr.vosk;
