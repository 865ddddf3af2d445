package io.mrcpj.server.resource.recog;

import io.mrcpj.core.media.WavFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the audio of recognitions that ask for it (Save-Waveform, RFC 6787 section 9.4.22) as WAV
 * files in one folder, off the event loops, and names them in a Waveform-URI value ({@code
 * <uri>;size=<octets>;duration=<ms>}, section 9.4.8). The URI is {@code file:} unless a base URI (a
 * web server publishing the folder) is configured. Files of a session are deleted when it ends
 * unless the operator keeps them.
 */
public final class WaveformStore {

  private static final Logger log = LoggerFactory.getLogger(WaveformStore.class);

  /**
   * @param dir where files go (created when missing)
   * @param baseUri prefix for the file names in Waveform-URI, or null for file: URIs
   * @param maxSeconds longest recording kept per recognition
   * @param keep keep files after the session ends
   */
  public record Settings(Path dir, String baseUri, int maxSeconds, boolean keep) {}

  private final Settings settings;
  private final Executor io;

  public WaveformStore(Settings settings, Executor io) {
    this.settings = settings;
    this.io = io;
  }

  int maxSeconds() {
    return settings.maxSeconds();
  }

  boolean keep() {
    return settings.keep();
  }

  /**
   * Writes {@code length} samples at {@code rate} as {@code name}.wav.
   *
   * @return the Waveform-URI value, or "" when writing failed (the RFC's empty value)
   */
  CompletableFuture<Saved> save(String name, short[] pcm, int length, int rate) {
    short[] copy = Arrays.copyOf(pcm, length);
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                Files.createDirectories(settings.dir());
                Path file = settings.dir().resolve(name + ".wav");
                byte[] wav = WavFile.of(rate, copy).toBytes();
                Files.write(file, wav);
                String uri =
                    settings.baseUri() == null
                        ? file.toAbsolutePath().toUri().toString()
                        : settings.baseUri().replaceAll("/*$", "/") + file.getFileName();
                long ms = length * 1000L / rate;
                return new Saved(file, "<" + uri + ">;size=" + wav.length + ";duration=" + ms);
              } catch (IOException | RuntimeException e) {
                log.warn("waveform {} not saved: {}", name, e.toString());
                return new Saved(null, "");
              }
            },
            io)
        .exceptionally(e -> new Saved(null, ""));
  }

  /** Deletes files (a session ended), off the caller's thread. */
  void delete(Iterable<Path> files) {
    if (settings.keep()) {
      return;
    }
    io.execute(
        () -> {
          for (Path p : files) {
            try {
              Files.deleteIfExists(p);
            } catch (IOException e) {
              log.debug("cannot delete {}: {}", p, e.toString());
            }
          }
        });
  }

  /**
   * A saved waveform.
   *
   * @param file the file, or null when saving failed
   * @param header the Waveform-URI value
   */
  record Saved(Path file, String header) {}
}
