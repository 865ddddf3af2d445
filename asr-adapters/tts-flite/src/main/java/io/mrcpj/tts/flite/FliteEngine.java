package io.mrcpj.tts.flite;

import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisRequest;
import io.mrcpj.tts.spi.Voice;
import io.mrcpj.tts.spi.WorkerSynthesisEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthesis by the {@code flite} program on the base class's worker pool: each piece of text is one
 * run of {@code flite -voice V --setf duration_stretch=S -f TEXT -o WAV}. The text goes through a
 * file, never the command line, so text that starts with '-' or holds quotes or newlines is spoken,
 * not read as options, and its length is not bound by the system's argument limit.
 *
 * <p>Each run is killed (with any process it started) when the stream is closed, after {@code
 * timeout-ms}, or once its WAV file holds more than {@code max-audio-seconds}. The text and WAV
 * files live in a folder of the engine's own (owner-only) and are deleted after every run; the
 * folder goes at {@link #close()}.
 *
 * <p>Limits: the audio of a piece of text is delivered once flite has finished it (flite is much
 * faster than real time, but a long text waits for its whole synthesis); English only; 16 kHz
 * voices only (see {@link FliteVoices}).
 */
public final class FliteEngine extends WorkerSynthesisEngine {

  static final String NAME = "flite";
  static final int SAMPLE_RATE = 16_000;

  /** Audio is handed on in 100 ms chunks, so a STOP during delivery stops it at once. */
  private static final int CHUNK = SAMPLE_RATE / 10;

  /** Room for the WAV header and any chunks flite puts before the samples. */
  private static final long HEADER_ALLOWANCE = 4096;

  private static final Logger log = LoggerFactory.getLogger(FliteEngine.class);

  private final FliteSettings settings;
  private final List<Voice> voices;
  private final Path workDir;

  private FliteEngine(FliteSettings settings, List<Voice> voices, Path workDir) {
    super(NAME, settings.threads(), settings.maxQueued());
    this.settings = settings;
    this.voices = voices;
    this.workDir = workDir;
  }

  /**
   * Checks that the program runs and has the voice ({@code flite -lv}, within {@code timeout-ms}),
   * then makes the engine and its working folder.
   */
  static FliteEngine load(FliteSettings settings) throws SynthesisException {
    Path workDir;
    try {
      workDir = Files.createTempDirectory(settings.tempRoot(), "mrcpj-flite-");
    } catch (IOException e) {
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE,
          "flite setting temp-dir: cannot make a folder in " + settings.tempRoot() + ": " + e,
          e);
    }
    try {
      ChildProcess.Exit exit =
          ChildProcess.run(
              List.of(settings.program(), "-lv"),
              workDir,
              settings.timeoutMs(),
              ChildProcess.UNWATCHED);
      if (exit.code() != 0) {
        throw new SynthesisException(
            SynthesisException.Kind.ENGINE_FAILURE,
            "flite program '"
                + settings.program()
                + "' -lv exited with code "
                + exit.code()
                + ": "
                + exit.output());
      }
      List<String> listed = FliteVoices.parseList(settings.program(), exit.output());
      List<Voice> voices = FliteVoices.offered(listed, settings.voice());
      log.info(
          "flite program '{}' ready; voices {} (default {})",
          settings.program(),
          voices.stream().map(Voice::name).toList(),
          settings.voice());
      return new FliteEngine(settings, voices, workDir);
    } catch (SynthesisException | RuntimeException e) {
      deleteTree(workDir);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteTree(workDir);
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE, "interrupted while checking flite", e);
    }
  }

  @Override
  public List<Voice> voices() {
    return voices;
  }

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  /** The folder the engine's text and WAV files live in while a run lasts. */
  Path workDir() {
    return workDir;
  }

  /** The arguments of one run; the text is in {@code textFile}. */
  static List<String> command(
      String program, String voice, double rate, Path textFile, Path wavFile) {
    String stretch = String.format(Locale.ROOT, "%.4f", 1.0 / rate);
    return List.of(
        program,
        "-voice",
        voice,
        "--setf",
        "duration_stretch=" + stretch,
        "-f",
        textFile.toString(),
        "-o",
        wavFile.toString());
  }

  @Override
  protected void speak(String text, SynthesisRequest request, AudioOut out)
      throws SynthesisException, InterruptedException {
    String voice = request.voice().name().toLowerCase(Locale.ROOT);
    long maxBytes = (long) settings.maxAudioSeconds() * SAMPLE_RATE * 2 + HEADER_ALLOWANCE;
    Path textFile = null;
    Path wavFile = null;
    try {
      textFile = Files.createTempFile(workDir, "speak-", ".txt");
      String stem = textFile.getFileName().toString().replace(".txt", "");
      wavFile = workDir.resolve(stem + ".wav");
      Files.writeString(textFile, text, StandardCharsets.UTF_8);
      Path wav = wavFile;
      ChildProcess.Exit exit =
          ChildProcess.run(
              command(settings.program(), voice, request.rate(), textFile, wavFile),
              workDir,
              settings.timeoutMs(),
              new ChildProcess.Watch() {
                @Override
                public boolean cancelled() {
                  return out.cancelled();
                }

                @Override
                public String overLimit() {
                  return sizeOf(wav) > maxBytes ? tooLong() : null;
                }
              });
      if (exit == null) {
        return; // closed: the process was killed
      }
      if (exit.code() != 0) {
        throw failure("flite exited with code " + exit.code() + ": " + exit.output());
      }
      if (sizeOf(wavFile) > maxBytes) {
        throw failure(tooLong());
      }
      deliver(read(wavFile, voice), out);
    } catch (IOException e) {
      throw failure("flite synthesis failed: " + e);
    } finally {
      deleteQuietly(textFile);
      deleteQuietly(wavFile);
    }
  }

  private String tooLong() {
    return "flite made more than " + settings.maxAudioSeconds() + " s of audio (max-audio-seconds)";
  }

  private static WavData read(Path wavFile, String voice) throws SynthesisException, IOException {
    if (!Files.exists(wavFile)) {
      throw failure("flite exited without writing audio");
    }
    WavData wav;
    try {
      wav = WavData.parse(Files.readAllBytes(wavFile));
    } catch (IOException e) {
      throw failure("flite wrote an unreadable WAV file: " + e.getMessage());
    }
    if (wav.sampleRate() != SAMPLE_RATE) {
      throw failure(
          "flite voice "
              + voice
              + " made "
              + wav.sampleRate()
              + " Hz audio; this engine takes 16000 Hz voices only");
    }
    return wav;
  }

  private static void deliver(WavData wav, AudioOut out) {
    short[] pcm = wav.samples();
    for (int at = 0; at < pcm.length && !out.cancelled(); at += CHUNK) {
      out.write(Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + CHUNK)));
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // not written yet
    }
  }

  private static SynthesisException failure(String message) {
    return new SynthesisException(SynthesisException.Kind.ENGINE_FAILURE, message);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete flite's temporary file {}: {}", file, e.toString());
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(FliteEngine::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      log.warn("cannot delete flite's folder {}: {}", dir, e.toString());
    }
  }

  /** Stops the workers (killing running flite processes), then deletes the working folder. */
  @Override
  public void close() {
    super.close();
    deleteTree(workDir);
  }
}
