package io.mrcpj.tts.flite;

import io.mrcpj.tts.spi.EngineSettings;
import io.mrcpj.tts.spi.SynthesisException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code flite} engine's settings, read and checked once when the engine is loaded: a bad value
 * is a {@link SynthesisException} naming the setting, never a failure at the first SPEAK.
 *
 * @param program the flite program: a name looked up on the PATH, or a path
 * @param voice the default voice
 * @param timeoutMs how long one run of flite (one piece of text) may take before it is killed
 * @param maxAudioSeconds the most audio one run may make before it is killed
 * @param threads how many flite processes run at once
 * @param maxQueued how many more syntheses may wait for a thread before a SPEAK is refused
 * @param tempRoot where the engine makes its own folder for text and WAV files
 */
record FliteSettings(
    String program,
    String voice,
    int timeoutMs,
    int maxAudioSeconds,
    int threads,
    int maxQueued,
    Path tempRoot) {

  static final String PROGRAM = "program";
  static final String VOICE = "voice";
  static final String TIMEOUT_MS = "timeout-ms";
  static final String MAX_AUDIO_SECONDS = "max-audio-seconds";
  static final String THREADS = "threads";
  static final String MAX_QUEUED = "max-queued";
  static final String TEMP_DIR = "temp-dir";

  /** Reads the settings; every key is optional. */
  static FliteSettings parse(Map<String, String> values) throws SynthesisException {
    EngineSettings s = new EngineSettings(FliteEngine.NAME, values);
    String voice = s.text(VOICE, "rms").toLowerCase(Locale.ROOT);
    if (!FliteVoices.known(voice)) {
      throw s.invalid(
          VOICE + " must be one of " + FliteVoices.names() + " (kal is 8 kHz: use kal16)", voice);
    }
    String temp = s.text(TEMP_DIR, System.getProperty("java.io.tmpdir"));
    Path tempRoot;
    try {
      tempRoot = Path.of(temp);
    } catch (InvalidPathException e) {
      throw s.invalid(TEMP_DIR + " is not a path", temp);
    }
    if (!Files.isDirectory(tempRoot)) {
      throw s.invalid(TEMP_DIR + " must be an existing folder", temp);
    }
    return new FliteSettings(
        s.text(PROGRAM, "flite"),
        voice,
        s.integer(TIMEOUT_MS, 30_000, 100, 600_000),
        s.integer(MAX_AUDIO_SECONDS, 300, 1, 3600),
        s.integer(THREADS, 2, 1, 64),
        s.integer(MAX_QUEUED, 64, 0, 100_000),
        tempRoot);
  }
}
