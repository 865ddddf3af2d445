package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token kept in a file ({@code token-file}) by something else that renews it, such as a cron job
 * calling CreateToken. The file is read when the engine loads (missing, unreadable or empty: the
 * load fails) and read again whenever its modification time or size has changed, checked as each
 * recognition connects (one {@code stat}). A file that cannot be read later keeps the last token in
 * use, with a warning.
 */
final class FileToken implements TokenSource {

  private static final Logger log = LoggerFactory.getLogger(FileToken.class);

  private final Path file;
  private String token;
  private FileTime modified;
  private long size;
  private boolean warned;

  FileToken(Path file) throws EngineException {
    this.file = file;
    try {
      read(Files.readAttributes(file, BasicFileAttributes.class));
    } catch (IOException e) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "alibaba-nls setting "
              + AlibabaNlsSettings.TOKEN_FILE
              + ": cannot read "
              + file
              + ": "
              + e,
          e);
    }
    if (token.isEmpty()) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "alibaba-nls setting " + AlibabaNlsSettings.TOKEN_FILE + ": " + file + " is empty");
    }
  }

  @Override
  public synchronized String current() {
    try {
      BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
      if (!now.lastModifiedTime().equals(modified) || now.size() != size) {
        String before = token;
        read(now);
        if (token.isEmpty()) {
          token = before; // caught mid-write by its renewer: keep the last one
        } else if (!token.equals(before)) {
          log.info("alibaba-nls: read a new token from {}", file);
        }
      }
      warned = false;
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        log.warn(
            "alibaba-nls: cannot read {} ({}); the last token read is used", file, e.toString());
      }
    }
    return token;
  }

  private void read(BasicFileAttributes attributes) throws IOException {
    token = Files.readString(file, StandardCharsets.UTF_8).trim();
    modified = attributes.lastModifiedTime();
    size = attributes.size();
  }

  @Override
  public String describe() {
    return AlibabaNlsSettings.TOKEN_FILE + " " + file;
  }
}
