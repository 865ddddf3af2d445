package io.mrcpj.server.resource.recorder;

import io.mrcpj.core.media.WavFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where recordings go: one folder, and nothing outside it. A RECORD's Record-URI may be empty (the
 * server names the file), a name or relative path below the folder, or a {@code file:} URI inside
 * it; anything else (another scheme, {@code ..} leading out, the folder itself) is refused. Files
 * are written as 16-bit mono WAV on the I/O executor.
 */
public final class RecordingStore {

  /** A Record-URI the store will not write to. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String cause;

    Refused(String cause, String message) {
      super(message, null, false, false);
      this.cause = cause;
    }

    /** A word for Failed-URI-Cause. */
    String cause() {
      return cause;
    }
  }

  /** A written recording: the file and the Record-URI value ({@code <uri>;size=;duration=}). */
  record Saved(Path file, String header) {}

  private final Path dir;
  private final String baseUri;
  private final Executor io;

  /**
   * @param dir the folder (created when needed)
   * @param baseUri prefix of returned URIs when a web server publishes the folder, or null for
   *     {@code file:} URIs
   * @param io where files are written
   */
  public RecordingStore(Path dir, String baseUri, Executor io) {
    this.dir = dir.toAbsolutePath().normalize();
    this.baseUri = baseUri;
    this.io = io;
  }

  /** A file a RECORD will write. */
  final class Target {
    private final Path file;

    private Target(Path file) {
      this.file = file;
    }

    String uri() {
      if (baseUri == null) {
        return file.toUri().toString();
      }
      return baseUri.replaceAll("/*$", "/") + dir.relativize(file).toString().replace('\\', '/');
    }

    /** Writes {@code length} samples of {@code pcm} at {@code rate}; the array is copied first. */
    CompletableFuture<Saved> save(short[] pcm, int length, int rate, int unused) {
      short[] copy = Arrays.copyOf(pcm, Math.max(0, length));
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              Files.createDirectories(file.getParent());
              byte[] wav = WavFile.of(rate, copy).toBytes();
              Files.write(file, wav);
              long ms = copy.length * 1000L / rate;
              return new Saved(file, "<" + uri() + ">;size=" + wav.length + ";duration=" + ms);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          },
          io);
    }
  }

  /**
   * The file for {@code recordUri} (empty: {@code defaultName}.wav in the folder).
   *
   * @throws Refused when the URI is not a file inside the folder
   */
  Target target(String recordUri, String defaultName) throws Refused {
    String u = recordUri == null ? "" : recordUri.trim();
    if (u.startsWith("<") && u.endsWith(">")) {
      u = u.substring(1, u.length() - 1).trim();
    }
    if (u.isEmpty()) {
      return new Target(dir.resolve(defaultName + ".wav"));
    }
    Path p;
    String scheme = null;
    try {
      scheme = new URI(u).getScheme();
    } catch (URISyntaxException e) {
      // not a URI: taken as a path below the folder
    }
    if (scheme != null && scheme.length() > 1) {
      if (!scheme.toLowerCase(Locale.ROOT).equals("file")) {
        throw new Refused(
            "unsupported-scheme", "recordings are written to files only, not to " + scheme + ":");
      }
      try {
        p = Path.of(new URI(u));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new Refused("bad-uri", "not a file URI: " + u);
      }
    } else {
      p = dir.resolve(u);
    }
    p = p.toAbsolutePath().normalize();
    if (!p.startsWith(dir) || p.equals(dir)) {
      throw new Refused("outside-root", u + " is not a file inside " + dir + " (recorder.dir)");
    }
    return new Target(p);
  }
}
