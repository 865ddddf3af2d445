package io.mrcpj.tts.freetts;

import io.mrcpj.tts.spi.Voice;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The general-purpose voices inside the FreeTTS jar: one US English male speaker (CMU's "kal"
 * diphones) recorded at two rates. An engine loads one of them and produces that voice's rate, so
 * {@code kevin} makes an 8 kHz engine. FreeTTS's third voice, {@code alan}, is left out: it only
 * speaks times of day.
 */
enum KevinVoice {
  KEVIN16("kevin16", 16_000),
  KEVIN("kevin", 8_000);

  private final String freeTtsName;
  private final int sampleRate;

  KevinVoice(String freeTtsName, int sampleRate) {
    this.freeTtsName = freeTtsName;
    this.sampleRate = sampleRate;
  }

  /** FreeTTS's name for the voice, also the name requests select it by. */
  String freeTtsName() {
    return freeTtsName;
  }

  int sampleRate() {
    return sampleRate;
  }

  /** How the voice is described to the server. FreeTTS calls its speaker a "younger adult". */
  Voice describe() {
    return new Voice(freeTtsName, "male", 30, "en-US");
  }

  static Optional<KevinVoice> named(String name) {
    return Arrays.stream(values())
        .filter(v -> v.freeTtsName.equals(name.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** The names, for error messages. */
  static String names() {
    return Arrays.stream(values()).map(KevinVoice::freeTtsName).collect(Collectors.joining(", "));
  }
}
