package io.mrcpj.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the real wire captures in {@code shared/interop}, which sits next to the repository (on a
 * developer's machine and in CI alike). A missing folder is a failed test, never a skip: the
 * captures are the ground truth the codec is checked against.
 */
public final class Interop {

  private Interop() {}

  /** The {@code shared/interop} folder, found by walking up from the working directory. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("interop");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/interop not found above " + dir);
  }

  /**
   * A file below {@code shared/interop}, e.g. {@code unimrcp/recog-sip-00-INVITE-8062to8060.sip}.
   */
  public static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing capture " + p);
    }
    return p;
  }

  /** The exact bytes of a capture file. */
  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Capture files in a sub-folder whose names match a glob, sorted by name. */
  public static List<Path> list(String folder, String glob) {
    Path dir = root().resolve(folder);
    try (Stream<Path> s = Files.list(dir)) {
      var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
      return s.filter(f -> matcher.matches(f.getFileName())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
