package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * The recorder resource (RFC 6787 section 10) settings.
 *
 * @param enabled whether the server offers the recorder (default true)
 * @param dir the only folder recordings are written to (default the temp folder's
 *     mrcpj-recordings); a Record-URI may name a file below it, nothing else
 * @param baseUri prefix of the Record-URI returned when a web server publishes the folder; unset:
 *     {@code file:} URIs
 * @param maxSeconds the longest recording, whatever Max-Time asks (default 600)
 * @param finalSilence Final-Silence of a RECORD that sets none, in ms (default 2000)
 * @param noInputTimeout No-Input-Timeout of a RECORD that sets none, in ms (default 10000)
 */
public record RecorderConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("dir") String dir,
    @JsonProperty("base-uri") String baseUri,
    @JsonProperty("max-seconds") Integer maxSeconds,
    @JsonProperty("final-silence") Integer finalSilence,
    @JsonProperty("no-input-timeout") Integer noInputTimeout) {

  public RecorderConfig {
    enabled = enabled == null || enabled;
    dir =
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "mrcpj-recordings").toString()
            : dir;
    baseUri = baseUri == null || baseUri.isBlank() ? null : baseUri.trim();
    maxSeconds = ServerConfig.within("recorder.max-seconds", maxSeconds, 600, 1, 86_400);
    finalSilence = ServerConfig.within("recorder.final-silence", finalSilence, 2000, 100, 60_000);
    noInputTimeout =
        ServerConfig.within("recorder.no-input-timeout", noInputTimeout, 10_000, 0, 3_600_000);
  }

  /** All defaults. */
  public static RecorderConfig defaults() {
    return new RecorderConfig(null, null, null, null, null, null);
  }
}
