package io.mrcpj.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mrcpj.client.AudioSource;
import io.mrcpj.client.ClientSession;
import io.mrcpj.client.Grammar;
import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.Pacing;
import io.mrcpj.client.RecognitionResult;
import io.mrcpj.client.RecognizeRequest;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.sdp.RtpCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Recognizes one audio file on an MRCPv2 server: INVITE, RECOGNIZE with the grammars, the audio as
 * RTP, RECOGNITION-COMPLETE, BYE.
 */
@Command(
    name = "recognize",
    mixinStandardHelpOptions = true,
    description = {
      "Recognize a WAV file (mono 16-bit PCM, 8 or 16 kHz) or raw PCM on an MRCPv2 server.",
      "Prints the words heard and the NLSML result (or JSON with --json).",
      "Exit codes: 0 recognized, 1 no match or no input (or stopped), 2 bad usage, an unreachable"
          + " server or a refused session or request, 3 the recognizer failed."
    })
final class RecognizeCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Mixin private ServerOptions target = new ServerOptions();

  @Option(
      names = "--grammar",
      paramLabel = "FILE|URI",
      description =
          "a grammar file (.grxml/.xml SRGS XML, .gram/.abnf ABNF) or URI (builtin:..., session:...,"
              + " http...); repeatable; default builtin:speech/transcribe")
  private List<String> grammars = new ArrayList<>();

  @Option(
      names = "--rate",
      paramLabel = "8000|16000",
      description =
          "read the audio as raw 16-bit little-endian mono PCM at this rate instead of WAV")
  private Integer rawRate;

  @Option(names = "--fast", description = "send the audio 50 times faster than real time")
  private boolean fast;

  @Option(names = "--json", description = "print the result as JSON")
  private boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "give up after this long (default ${DEFAULT-VALUE})")
  private int timeoutSeconds;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "an extra RECOGNIZE header, e.g. No-Input-Timeout=3000; repeatable")
  private Map<String, String> headers = new LinkedHashMap<>();

  @Parameters(
      paramLabel = "AUDIO",
      description = "the caller audio: a WAV file, or raw PCM with --rate")
  private Path audioFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (UsageException e) {
      err.println("recognize: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws UsageException {
    MrcpClient.Builder builder = target.client();
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new UsageException("--timeout must be 1-3600 seconds");
    }
    AudioSource audio;
    try {
      audio = rawRate != null ? raw(audioFile, rawRate) : AudioSource.wav(audioFile);
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file: " + audioFile);
    } catch (IOException e) {
      throw new UsageException("cannot read " + audioFile + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(audioFile + " is not usable audio: " + e.getMessage());
    }
    RecognizeRequest.Builder rb =
        RecognizeRequest.builder()
            .audio(audio)
            .pacing(fast ? Pacing.FAST : Pacing.REAL_TIME)
            .timeout(Duration.ofSeconds(timeoutSeconds));
    if (grammars.isEmpty()) {
      rb.grammar(Grammar.TRANSCRIBE);
    }
    for (String g : grammars) {
      rb.grammar(grammar(g));
    }
    try {
      headers.forEach(rb::header);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    RecognizeRequest request = rb.build();

    MrcpClient client;
    try {
      client = builder.build();
    } catch (MrcpClientException e) {
      return failed(err, e.getMessage());
    }
    try (client) {
      ClientSession session;
      try {
        // each server has 5 s to answer (MrcpClient's serverTimeout) before the next is tried
        int servers = client.servers().size();
        session =
            client.openSession(Duration.ofSeconds(Math.min(timeoutSeconds, 5L * servers + 10)));
      } catch (TimeoutException e) {
        return failed(err, "no session with " + target.server + " (timed out)");
      } catch (MrcpClientException e) {
        return failed(err, e.getMessage());
      }
      try (session) {
        RecognitionResult r = session.recognizeSync(request);
        print(out, session, r);
        return exitCode(r, err);
      } catch (TimeoutException | MrcpClientException e) {
        return failed(err, e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  /** Says what went wrong; exit code 2. */
  private static int failed(PrintWriter err, String why) {
    err.println("recognize: " + why);
    err.flush();
    return 2;
  }

  private static int exitCode(RecognitionResult r, PrintWriter err) {
    if (r.status() >= 300) {
      err.println(
          "recognize: the server refused the RECOGNIZE: "
              + r.status()
              + (r.cause() != null ? " " + r.cause().toHeaderValue() : "")
              + (r.reason() != null ? " (" + r.reason() + ")" : ""));
      err.flush();
      return 2;
    }
    if (r.isSuccess()) {
      return 0;
    }
    if (r.cause() == null) {
      return 3;
    }
    return switch (r.cause()) {
      case NO_MATCH,
              NO_INPUT_TIMEOUT,
              NO_MATCH_MAXTIME,
              CANCELLED,
              SPEECH_TOO_EARLY,
              PARTIAL_MATCH,
              PARTIAL_MATCH_MAXTIME,
              HOTWORD_MAXTIME ->
          1;
      case GRAMMAR_LOAD_FAILURE,
          GRAMMAR_COMPILATION_FAILURE,
          GRAMMAR_DEFINITION_FAILURE,
          URI_FAILURE,
          LANGUAGE_UNSUPPORTED -> {
        err.println(
            "recognize: "
                + r.cause().toHeaderValue()
                + (r.reason() != null ? " (" + r.reason() + ")" : ""));
        err.flush();
        yield 2;
      }
      default -> 3;
    };
  }

  private void print(PrintWriter out, ClientSession session, RecognitionResult r) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", r.status());
      m.put("completionCause", r.cause() == null ? null : r.cause().code());
      m.put("completionCauseName", r.cause() == null ? null : r.cause().wireName());
      m.put("completionReason", r.reason());
      m.put("text", r.text());
      m.put("confidence", r.best().map(Interpretation::confidence).orElse(null));
      m.put("instance", r.best().map(Interpretation::instance).orElse(null));
      m.put("grammar", r.best().map(Interpretation::grammar).orElse(null));
      m.put("channel", session.channelId().toString());
      m.put("codec", session.codec().rtpmap());
      Map<String, Object> timings = new LinkedHashMap<>();
      timings.put("recognizeToInProgressMs", round(r.timings().inProgressMillis()));
      timings.put("audioEndToCompleteMs", round(r.timings().audioEndToCompleteMillis()));
      m.put("timings", timings);
      m.put("nlsml", r.nlsml());
      try {
        out.println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.println(r.text());
      out.println(
          "Completion-Cause: "
              + (r.cause() == null ? "(none)" : r.cause().toHeaderValue())
              + r.best().map(i -> "  confidence " + i.confidence()).orElse(""));
      if (r.nlsml() != null) {
        out.println(r.nlsml().strip());
      }
    }
    out.flush();
  }

  /** Raw 16-bit little-endian mono PCM (as sox -t raw -e signed -b 16 writes it). */
  private static AudioSource raw(Path file, int rate) throws IOException, UsageException {
    if (rate != 8000 && rate != 16000) {
      throw new UsageException("--rate must be 8000 or 16000, not " + rate);
    }
    byte[] b = Files.readAllBytes(file);
    if ((b.length & 1) != 0) {
      throw new UsageException(file + " has an odd number of bytes: not 16-bit PCM");
    }
    short[] pcm = new short[b.length / 2];
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
    return AudioSource.pcm(pcm, rate);
  }

  private static Double round(double ms) {
    return ms < 0 ? null : Math.round(ms * 10) / 10.0;
  }

  static String[] hostPort(String s) throws UsageException {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new UsageException("--server must be HOST:PORT, not " + s);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = s.substring(colon + 1);
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new UsageException("--server port must be 1-65535, not " + port);
    }
    return new String[] {host, port};
  }

  static List<RtpCodec> codecs(String name) throws UsageException {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "PCMU" -> List.of(RtpCodec.PCMU);
      case "PCMA" -> List.of(RtpCodec.PCMA);
      case "G722" -> List.of(RtpCodec.G722);
      case "L16", "L16/16000" -> List.of(RtpCodec.L16_16K.withPayloadType(96));
      case "L16/8000" -> List.of(RtpCodec.L16_8K.withPayloadType(97));
      default ->
          throw new UsageException("--codec must be PCMU, PCMA, L16 or L16/8000, not " + name);
    };
  }

  static Grammar grammar(String g) throws UsageException {
    if (g.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !Files.exists(Path.of(g))) {
      try {
        return Grammar.uri(g);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    Path p = Path.of(g);
    try {
      return Grammar.file(p);
    } catch (NoSuchFileException e) {
      throw new UsageException("no such grammar file: " + g);
    } catch (IOException e) {
      throw new UsageException("cannot read grammar " + g + ": " + e.getMessage());
    }
  }

  /** Bad command-line input: exit code 2 with the message. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
