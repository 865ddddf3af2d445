package io.mrcpj.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the YAML configuration. Unknown keys are errors (a misspelt key silently ignored is a
 * setting the operator thinks is on); every error names the file, the key and the problem.
 */
public final class ConfigLoader {

  /** Config files are small; anything larger is a mistake, not a configuration. */
  private static final long MAX_BYTES = 1 << 20;

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Reads and checks a configuration file. */
  public ServerConfig load(Path file) throws ConfigException {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Parses configuration text; {@code origin} names it in error messages. */
  public ServerConfig parse(String text, String origin) throws ConfigException {
    if (text.isBlank()) {
      return ServerConfig.defaults();
    }
    try {
      ServerConfig config = yaml.readValue(text, ServerConfig.class);
      return config != null ? config : ServerConfig.defaults();
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          origin + ": unknown setting '" + e.getPropertyName() + "' at " + path(e));
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ConfigException(origin + ": " + cause.getMessage());
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin + ": " + e.getOriginalMessage() + " at " + path(e));
    }
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (var ref : m.getPath()) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
      }
      return sb.toString();
    }
    var loc = e.getLocation();
    return loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** A configuration that cannot be used; the message says where and why. */
  public static final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }
  }
}
