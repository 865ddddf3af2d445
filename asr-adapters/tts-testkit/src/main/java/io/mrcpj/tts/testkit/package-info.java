/**
 * Helpers for the tests of synthesis engines, used at test scope only: {@link
 * io.mrcpj.tts.testkit.SpeechCollector} records what a stream delivers, {@link
 * io.mrcpj.tts.testkit.VoskEar} transcribes it with the real Vosk engine and its bundled model.
 */
package io.mrcpj.tts.testkit;
