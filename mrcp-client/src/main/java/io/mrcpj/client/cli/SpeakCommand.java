package io.mrcpj.client.cli;

import io.mrcpj.client.ClientSession;
import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.SpeakRequest;
import io.mrcpj.client.SpeakResult;
import io.mrcpj.client.SpeechMarker;
import io.mrcpj.client.SynthesizerParams;
import io.mrcpj.client.cli.RecognizeCommand.UsageException;
import io.mrcpj.core.message.MrcpResource;
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
 * Speaks one text on an MRCPv2 server: INVITE for a speechsynth channel, SPEAK, the audio as RTP
 * into a WAV file, SPEAK-COMPLETE, BYE.
 */
@Command(
    name = "speak",
    mixinStandardHelpOptions = true,
    description = {
      "Synthesize a text (or SSML) on an MRCPv2 server and write the audio to a WAV file"
          + " (mono 16-bit PCM at the codec's rate: 8000 Hz for PCMU and PCMA).",
      "Exit codes: 0 spoken (000 normal), 1 ended otherwise (barge-in, cancelled), 2 bad usage,"
          + " an unreachable server, a refused session or SPEAK or a bad input"
          + " (parse-failure, uri-failure, language-unsupported...), 3 the synthesizer failed."
    })
final class SpeakCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Mixin private ServerOptions target = new ServerOptions();

  @Option(names = "--voice", paramLabel = "NAME", description = "Voice-Name")
  private String voice;

  @Option(names = "--gender", paramLabel = "male|female|neutral", description = "Voice-Gender")
  private String gender;

  @Option(names = "--language", paramLabel = "TAG", description = "Speech-Language, e.g. en-US")
  private String language;

  @Option(
      names = "--rate",
      paramLabel = "RATE",
      description = "Prosody-Rate: x-slow, slow, medium, fast, x-fast, default or a number")
  private String rate;

  @Option(
      names = "--volume",
      paramLabel = "VOLUME",
      description =
          "Prosody-Volume: silent, x-soft, soft, medium, loud, x-loud, default or a number")
  private String volume;

  @Option(names = "--ssml", description = "TEXT is an SSML document (application/ssml+xml)")
  private boolean ssml;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description =
          "the body's type: text/plain (default), application/ssml+xml,"
              + " application/synthesis+ssml or text/uri-list")
  private String contentType;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "give up after this long (default ${DEFAULT-VALUE})")
  private int timeoutSeconds;

  @Option(
      names = "--out",
      paramLabel = "FILE.wav",
      required = true,
      description = "where to write the audio")
  private Path out;

  @Parameters(
      paramLabel = "TEXT",
      description =
          "what to say: text, SSML with --ssml, or URIs (one a line) with --content-type text/uri-list")
  private String text;

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
    if (ssml && contentType != null) {
      throw new UsageException("give --ssml or --content-type, not both");
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new UsageException("no such directory for --out: " + dir);
    }
    SpeakRequest request = request();

    MrcpClient client;
    try {
      client = builder.build();
    } catch (MrcpClientException e) {
      return failed(err, e.getMessage());
    }
    try (client) {
      ClientSession session;
      try {
        session = target.open(client, timeoutSeconds, MrcpResource.SPEECHSYNTH);
      } catch (MrcpClientException e) {
        return failed(err, e.getMessage());
      }
      try (session) {
        SpeakResult r = session.synthesizer().speakSync(request);
        if (r.status() < 300) {
          r.writeWav(out);
        }
        print(o, r);
        return exitCode(r, err);
      } catch (TimeoutException | MrcpClientException e) {
        return failed(err, e.getMessage());
      } catch (IOException e) {
        return failed(err, "cannot write " + out + ": " + e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private SpeakRequest request() throws UsageException {
    try {
      SynthesizerParams.Builder p = SynthesizerParams.builder();
      if (voice != null) {
        p.voiceName(voice);
      }
      if (gender != null) {
        p.voiceGender(gender);
      }
      if (language != null) {
        p.speechLanguage(language);
      }
      if (rate != null) {
        p.prosodyRate(rate);
      }
      if (volume != null) {
        p.prosodyVolume(volume);
      }
      String type =
          ssml ? SpeakRequest.SSML : contentType == null ? SpeakRequest.TEXT_PLAIN : contentType;
      return SpeakRequest.builder()
          .content(type, text)
          .params(p.build())
          .timeout(Duration.ofSeconds(timeoutSeconds))
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static void print(PrintWriter o, SpeakResult r) {
    if (r.status() >= 300) {
      return;
    }
    o.println(
        "Completion-Cause: "
            + (r.cause() == null ? "(none)" : r.cause().toHeaderValue())
            + (r.stopped() ? " (stopped)" : ""));
    o.println(
        "audio: "
            + r.durationMillis()
            + " ms at "
            + r.sampleRate()
            + " Hz, "
            + r.audioStats().packets()
            + " packets, "
            + r.audioStats().lost()
            + " lost");
    for (SpeechMarker m : r.markers()) {
      o.println("marker: " + m.name() + " at " + m.audioOffsetMillis() + " ms");
    }
    o.flush();
  }

  private static int exitCode(SpeakResult r, PrintWriter err) {
    String detail =
        (r.cause() != null ? " " + r.cause().toHeaderValue() : "")
            + (r.reason() != null ? " (" + r.reason() + ")" : "");
    if (r.status() >= 300) {
      return failed(err, "the server refused the SPEAK: " + r.status() + detail);
    }
    if (r.isNormal()) {
      return 0;
    }
    if (r.cause() == null) {
      return r.stopped() ? 1 : 3;
    }
    return switch (r.cause()) {
      case BARGE_IN, CANCELLED -> 1;
      case ERROR -> {
        err.println("speak:" + detail);
        err.flush();
        yield 3;
      }
      default -> failed(err, detail.strip());
    };
  }

  /** Says what went wrong; exit code 2. */
  private static int failed(PrintWriter err, String why) {
    err.println("speak: " + why);
    err.flush();
    return 2;
  }
}
