package io.mrcpj.client.cli;

import io.mrcpj.client.AudioSource;
import io.mrcpj.client.Grammar;
import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.bench.BenchReport;
import io.mrcpj.client.bench.BenchRunner;
import io.mrcpj.client.bench.BenchSettings;
import io.mrcpj.client.bench.HtmlReport;
import io.mrcpj.client.bench.JsonReport;
import io.mrcpj.client.bench.Scenario;
import io.mrcpj.client.cli.RecognizeCommand.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the load-test harness against any MRCPv2 server. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load-test an MRCPv2 server: keep N sessions alive, each INVITE, its scenario, BYE; measure"
          + " SIP setup, RECOGNIZE -> IN-PROGRESS, end of audio -> RECOGNITION-COMPLETE and whole"
          + " sessions; report on the console and as JSON and HTML.",
      "Only the --server address (and the --local one) is contacted. Stops at --duration or"
          + " --total, after --max-errors failed sessions, or on Ctrl-C (reports are still"
          + " written).",
      "Exit codes: 0 every session as expected, 1 some failed, 2 bad usage."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Mixin private ServerOptions target = new ServerOptions();

  @Option(
      names = {"-n", "--sessions"},
      paramLabel = "N",
      defaultValue = "10",
      description = "sessions alive at once (default ${DEFAULT-VALUE})")
  private int sessions;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "10",
      description = "new sessions per second at most: the ramp-up (default ${DEFAULT-VALUE})")
  private double rate;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "TIME",
      description = "how long to start sessions: 90, 90s, 10m, 1h")
  private String duration;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      description =
          "leave the first TIME out of the latency figures (sessions and errors still count)")
  private String warmup;

  @Option(
      names = "--hold",
      paramLabel = "TIME",
      defaultValue = "10s",
      description = "how long an idle session stays before its BYE (default ${DEFAULT-VALUE})")
  private String hold;

  @Option(names = "--total", paramLabel = "N", description = "sessions to run in all")
  private long total;

  @Option(
      names = "--per-session",
      paramLabel = "N",
      defaultValue = "1",
      description = "recognitions each session runs before its BYE (default ${DEFAULT-VALUE})")
  private int perSession;

  @Option(
      names = "--scenario",
      paramLabel = "recognize|dtmf|setup|MIX",
      defaultValue = "recognize",
      description =
          "what each session does: recognize (the audio at real-time pace), dtmf (RFC 4733 keys"
              + " against builtin:dtmf/digits), setup (RECOGNIZE, STOP at IN-PROGRESS), idle"
              + " (nothing for --hold, then BYE), or a mix"
              + " with weights: recognize=70,dtmf=20,setup=10 (default ${DEFAULT-VALUE})")
  private String scenario;

  @Option(
      names = "--audio",
      paramLabel = "WAV",
      description =
          "caller audio (mono 16-bit, 8 or 16 kHz); default: 1.2 s of a voice-like buzz between"
              + " silences, which the demo engine hears as speech")
  private Path audio;

  @Option(
      names = "--grammar",
      paramLabel = "FILE|URI",
      description = "grammar file or URI, repeatable (default builtin:speech/transcribe)")
  private List<String> grammars = new ArrayList<>();

  @Option(
      names = "--expect",
      paramLabel = "TEXT",
      description = "the words each recognition must give (case and punctuation ignored)")
  private String expect;

  @Option(
      names = "--digits",
      paramLabel = "KEYS",
      defaultValue = "1234",
      description = "keys the dtmf scenario sends and expects (default ${DEFAULT-VALUE})")
  private String digits;

  @Option(
      names = "--engine",
      paramLabel = "NAME",
      description = "ask mrcpj for this engine (Vendor-Specific-Parameters engine=NAME), e.g. demo")
  private String engine;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "an extra RECOGNIZE header; repeatable")
  private Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--new-connections",
      description = "one MRCP connection per session (default: sessions share connections)")
  private boolean newConnections;

  @Option(
      names = "--session-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "longest a session may take (default ${DEFAULT-VALUE})")
  private int sessionTimeout;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      defaultValue = "1000",
      description = "stop after this many failed sessions, 0 never (default ${DEFAULT-VALUE})")
  private long maxErrors;

  @Option(
      names = "--io-threads",
      paramLabel = "N",
      defaultValue = "2",
      description = "the harness's network threads (default ${DEFAULT-VALUE})")
  private int ioThreads;

  @Option(names = "--json", paramLabel = "FILE", description = "write the report as JSON")
  private Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "write the report as HTML")
  private Path html;

  @Option(names = "--quiet", description = "no live progress line")
  private boolean quiet;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchSettings settings;
    try {
      settings = settings();
    } catch (UsageException | IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.flush();
      return 2;
    }
    MrcpClient client;
    try {
      client =
          MrcpClient.builder()
              .server(settings.host(), settings.port())
              // one server: a slow INVITE is the session's timeout, not a failover
              .serverTimeout(settings.sessionTimeout())
              .transport(settings.transport())
              .localAddress(settings.local())
              .codecs(settings.codecs())
              .shareConnections(settings.shareConnections())
              .ioThreads(settings.ioThreads())
              .build();
    } catch (MrcpClientException | IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.flush();
      return 2;
    }
    boolean tty = System.console() != null;
    BenchRunner runner =
        new BenchRunner(
            settings,
            client,
            s -> {
              if (!quiet) {
                err.print(Progress.line(s, settings.concurrency()) + (tty ? "\r" : "\n"));
                err.flush();
              }
            });
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.stop("interrupted");
              try {
                reported.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    BenchReport report;
    try {
      report = runner.run();
    } finally {
      client.close();
    }
    if (tty && !quiet) {
      err.println();
    }
    Progress.summary(out, report);
    int code =
        report.summary().sessionsFailed() == 0 && report.summary().sessionsStarted() > 0 ? 0 : 1;
    try {
      if (json != null) {
        JsonReport.write(report, json);
        out.println("JSON report: " + json);
      }
      if (html != null) {
        HtmlReport.write(report, html);
        out.println("HTML report: " + html);
      }
    } catch (IOException e) {
      err.println("bench: cannot write the report: " + e.getMessage());
      code = 2;
    } finally {
      out.flush();
      err.flush();
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is waiting for us
      }
    }
    return code;
  }

  private BenchSettings settings() throws UsageException {
    if (duration == null && total <= 0) {
      throw new UsageException("give --duration or --total");
    }
    if (!digits.matches("[0-9*A-D]{1,32}")) {
      throw new UsageException(
          "--digits must be 1-32 of 0-9 * A-D (# ends DTMF input by default), not " + digits);
    }
    if (sessionTimeout < 1 || sessionTimeout > 3600) {
      throw new UsageException("--session-timeout must be 1-3600 seconds");
    }
    if (ioThreads < 1 || ioThreads > 64) {
      throw new UsageException("--io-threads must be 1-64");
    }
    AudioSource a;
    try {
      a = audio != null ? AudioSource.wav(audio) : DefaultAudio.buzz();
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file: " + audio);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(audio + " is not usable audio: " + e.getMessage());
    }
    List<Grammar> gs = new ArrayList<>();
    for (String g : grammars) {
      gs.add(RecognizeCommand.grammar(g));
    }
    if (gs.isEmpty()) {
      gs.add(Grammar.TRANSCRIBE);
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    if (engine != null) {
      String vsp = h.remove("Vendor-Specific-Parameters");
      h.put("Vendor-Specific-Parameters", "engine=" + engine + (vsp == null ? "" : ";" + vsp));
    }
    return new BenchSettings(
        target.host(),
        target.port(),
        target.sipTransport(),
        target.local,
        !newConnections,
        RecognizeCommand.codecs(target.codec),
        sessions,
        rate,
        duration == null ? null : parseDuration(duration, "--duration"),
        total,
        perSession,
        mix(scenario),
        a,
        gs,
        expect,
        digits,
        h,
        Duration.ofSeconds(sessionTimeout),
        maxErrors,
        ioThreads,
        parseDuration(hold, "--hold"),
        warmup == null ? Duration.ZERO : parseDuration(warmup, "--warmup"));
  }

  static Duration parseDuration(String s, String option) throws UsageException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,7})(s|m|h)?")
            .matcher(s.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException(option + " must be like 90, 90s, 10m or 1h, not " + s);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static Map<Scenario, Integer> mix(String s) throws UsageException {
    Map<Scenario, Integer> m = new EnumMap<>(Scenario.class);
    for (String part : s.split(",")) {
      String[] kv = part.strip().split("=", 2);
      Scenario sc;
      try {
        sc = Scenario.valueOf(kv[0].strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--scenario: no scenario '" + kv[0].strip() + "' (recognize, dtmf, setup, idle)");
      }
      int w = 1;
      if (kv.length == 2) {
        try {
          w = Integer.parseInt(kv[1].strip());
        } catch (NumberFormatException e) {
          throw new UsageException("--scenario: weight of " + kv[0] + " is not a number: " + kv[1]);
        }
        if (w < 0 || w > 1000) {
          throw new UsageException("--scenario: weights must be 0-1000");
        }
      }
      m.merge(sc, w, Integer::sum);
    }
    return m;
  }
}
