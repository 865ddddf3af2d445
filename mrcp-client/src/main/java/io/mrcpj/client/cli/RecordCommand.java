package io.mrcpj.client.cli;

import io.mrcpj.client.AudioSource;
import io.mrcpj.client.ClientSession;
import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.Pacing;
import io.mrcpj.client.RecordRequest;
import io.mrcpj.client.RecordResult;
import io.mrcpj.client.cli.RecognizeCommand.UsageException;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.RecorderCompletionCause;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Records a caller on an MRCPv2 server (RFC 6787 section 10): INVITE for a recorder channel,
 * RECORD, a WAV file played as the caller's RTP (then silence), RECORD-COMPLETE, BYE. Prints the
 * Record-URI the server wrote, with its size and duration.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Play a WAV file as a caller to an MRCPv2 server's recorder and print where the server"
          + " stored the recording (Record-URI, size, duration).",
      "Exit codes: 0 recorded (000 success-silence or 001 success-maxtime), 1 no speech"
          + " (002 no-input-timeout), 2 bad usage, an unreachable server, a refused session or"
          + " RECORD (a Record-URI outside the server's folder...), 3 the recorder failed."
    })
final class RecordCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Mixin private ServerOptions target = new ServerOptions();

  @Option(
      names = "--record-uri",
      paramLabel = "NAME",
      description =
          "Record-URI: a file name inside the server's recorder folder (default: the"
              + " server names it)")
  private String recordUri;

  @Option(
      names = "--max-time",
      paramLabel = "MS",
      description = "Max-Time in milliseconds (default: the server's limit)")
  private Long maxTime;

  @Option(
      names = "--final-silence",
      paramLabel = "MS",
      description = "Final-Silence in milliseconds: silence after speech that ends the recording")
  private Long finalSilence;

  @Option(
      names = "--no-input-timeout",
      paramLabel = "MS",
      description = "No-Input-Timeout in milliseconds")
  private Long noInputTimeout;

  @Option(
      names = "--capture-on-speech",
      description = "Capture-On-Speech: start the recording where the speech starts")
  private boolean captureOnSpeech;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "give up after this long (default ${DEFAULT-VALUE})")
  private int timeoutSeconds;

  @Parameters(paramLabel = "AUDIO.wav", description = "the caller's audio (16-bit mono WAV)")
  private Path audio;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(o, err);
    } catch (UsageException e) {
      return failed(err, e.getMessage());
    }
  }

  private int run(PrintWriter o, PrintWriter err) throws UsageException {
    MrcpClient.Builder builder = target.client();
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new UsageException("--timeout must be 1-3600 seconds");
    }
    if (!Files.isRegularFile(audio)) {
      throw new UsageException("no such file: " + audio);
    }
    RecordRequest request = request();
    MrcpClient client;
    try {
      client = builder.build();
    } catch (MrcpClientException e) {
      return failed(err, e.getMessage());
    }
    try (client) {
      ClientSession session;
      try {
        session = target.open(client, timeoutSeconds, MrcpResource.RECORDER);
      } catch (MrcpClientException e) {
        return failed(err, e.getMessage());
      }
      try (session) {
        RecordResult r = session.recorder().recordSync(request);
        return report(o, err, r);
      } catch (TimeoutException | MrcpClientException e) {
        return failed(err, e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private RecordRequest request() throws UsageException {
    try {
      RecordRequest.Builder b =
          RecordRequest.builder()
              .audio(AudioSource.wav(audio))
              .pacing(Pacing.REAL_TIME)
              .silenceAfterAudio(true)
              .timeout(Duration.ofSeconds(timeoutSeconds));
      if (recordUri != null) {
        b.recordUri(recordUri);
      }
      if (maxTime != null) {
        b.maxTime(Duration.ofMillis(maxTime));
      }
      if (finalSilence != null) {
        b.finalSilence(Duration.ofMillis(finalSilence));
      }
      if (noInputTimeout != null) {
        b.noInputTimeout(Duration.ofMillis(noInputTimeout));
      }
      if (captureOnSpeech) {
        b.captureOnSpeech(true);
      }
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("cannot use " + audio + ": " + e.getMessage());
    }
  }

  private static int report(PrintWriter o, PrintWriter err, RecordResult r) {
    String detail =
        (r.cause() != null ? " " + r.cause().toHeaderValue() : "")
            + (r.reason() != null ? " (" + r.reason() + ")" : "");
    if (r.status() >= 300) {
      return failed(err, "the server refused the RECORD: " + r.status() + detail);
    }
    o.println("Completion-Cause: " + (r.cause() == null ? "(none)" : r.cause().toHeaderValue()));
    if (r.recordUri() != null) {
      o.println(
          "Record-URI: "
              + r.recordUri()
              + " ("
              + r.size()
              + " bytes, "
              + r.durationMillis()
              + " ms)");
    }
    o.flush();
    if (r.isSuccess()) {
      return 0;
    }
    if (r.cause() == RecorderCompletionCause.NO_INPUT_TIMEOUT) {
      return 1;
    }
    if (r.cause() == RecorderCompletionCause.URI_FAILURE) {
      return failed(err, detail.strip());
    }
    err.println("record:" + detail);
    err.flush();
    return 3;
  }

  /** Says what went wrong; exit code 2. */
  private static int failed(PrintWriter err, String why) {
    err.println("record: " + why);
    err.flush();
    return 2;
  }
}
