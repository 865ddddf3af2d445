package io.mrcpj.client.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** The report as JSON: the {@link BenchReport} records, field by field. */
public final class JsonReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String render(BenchReport r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(BenchReport r, Path file) throws IOException {
    JSON.writeValue(file.toFile(), r);
  }

  /** Reads a report written by {@link #write} (for comparing runs). */
  public static BenchReport read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), BenchReport.class);
  }
}
