package io.mrcpj.asr.vosk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The US English model that ships inside this jar (from Maven Central's {@code
 * com.alphacephei:vosk-model-en}), unpacked once into a cache folder because Vosk loads models from
 * files. The unpacked folder is named after the model's version, written last by an atomic rename,
 * so a crash half-way leaves no broken model behind and concurrent starts are safe.
 */
final class BundledModel {

  private static final String ARCHIVE = "model-en-us.zip";
  private static final String PREFIX = "assets/model-en-us/";

  /** The model is about 70 MB; anything far larger means a corrupt or foreign archive. */
  private static final long MAX_UNPACKED_BYTES = 512L * 1024 * 1024;

  private BundledModel() {}

  /** The default cache root: {@code $XDG_CACHE_HOME/mrcpj} or {@code ~/.cache/mrcpj}. */
  static Path defaultCacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("mrcpj");
  }

  /** Returns the unpacked model folder under {@code cacheRoot}, unpacking it if needed. */
  static Path unpack(Path cacheRoot) throws IOException {
    Path target = cacheRoot.resolve(folderName());
    if (Files.isRegularFile(target.resolve("am").resolve("final.mdl"))) {
      return target;
    }
    Files.createDirectories(cacheRoot);
    Path staging = Files.createTempDirectory(cacheRoot, ".unpack-");
    try {
      unpackInto(staging);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another process finished first (or the file system cannot rename atomically and a
        // folder is already there): use what is there if it is complete.
        if (!Files.isRegularFile(target.resolve("am").resolve("final.mdl"))) {
          throw new IOException("cannot install the Vosk model into " + target, e);
        }
      } catch (IOException e) {
        if (!Files.isRegularFile(target.resolve("am").resolve("final.mdl"))) {
          throw e;
        }
      }
      return target;
    } finally {
      deleteTree(staging);
    }
  }

  private static String folderName() throws IOException {
    Properties p = new Properties();
    try (InputStream in = BundledModel.class.getResourceAsStream("model.properties")) {
      if (in == null) {
        throw new IOException("model.properties is missing from the asr-vosk jar");
      }
      p.load(in);
    }
    return p.getProperty("model.name") + "-" + p.getProperty("model.version");
  }

  private static void unpackInto(Path dir) throws IOException {
    InputStream raw = BundledModel.class.getResourceAsStream(ARCHIVE);
    if (raw == null) {
      throw new IOException(
          "the bundled Vosk model ("
              + ARCHIVE
              + ") is missing from the classpath; build asr-vosk with Maven");
    }
    long total = 0;
    int files = 0;
    try (ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (!e.getName().startsWith(PREFIX) || e.isDirectory()) {
          continue;
        }
        Path out = dir.resolve(e.getName().substring(PREFIX.length())).normalize();
        if (!out.startsWith(dir)) {
          throw new IOException("model archive entry escapes its folder: " + e.getName());
        }
        Files.createDirectories(out.getParent());
        total += Files.copy(zip, out);
        files++;
        if (total > MAX_UNPACKED_BYTES) {
          throw new IOException("model archive unpacks to more than " + MAX_UNPACKED_BYTES);
        }
      }
    }
    if (files == 0) {
      throw new IOException("the bundled model archive holds no " + PREFIX + " folder");
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // Leftover staging folders are harmless: they are hidden and never read.
    }
  }
}
