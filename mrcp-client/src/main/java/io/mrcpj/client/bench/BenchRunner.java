package io.mrcpj.client.bench;

import io.mrcpj.client.AudioSource;
import io.mrcpj.client.ClientSession;
import io.mrcpj.client.DtmfMode;
import io.mrcpj.client.Grammar;
import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.Pacing;
import io.mrcpj.client.RecognitionResult;
import io.mrcpj.client.RecognizeRequest;
import io.mrcpj.client.SessionRefusedException;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.RecognizerCompletionCause;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Runs a load test: keeps up to {@code concurrency} sessions alive, starting them no faster than
 * the ramp rate, each doing its scenario and ending with a BYE, until the duration or the number of
 * sessions is reached (or too many failed, or {@link #stop} is called). Sessions are asynchronous
 * (no thread per session); the calling thread paces the starts and samples the figures once a
 * second.
 */
public final class BenchRunner {

  private final BenchSettings settings;
  private final MrcpClient client;
  private final Consumer<BenchReport.Sample> onSample;
  private final Metrics metrics = new Metrics();
  private final Set<ClientSession> live = ConcurrentHashMap.newKeySet();
  private final LongAdder rtpOfEnded = new LongAdder();
  private final Scenario[] wheel;
  private final RecognizeRequest recognize;
  private final RecognizeRequest dtmf;
  private volatile String stopReason;
  private volatile boolean cutShort;

  /**
   * @param client made for this run (the caller closes it after {@link #run})
   * @param onSample told each second's figures, on the runner's thread
   */
  public BenchRunner(
      BenchSettings settings, MrcpClient client, Consumer<BenchReport.Sample> onSample) {
    this.settings = settings;
    this.client = client;
    this.onSample = onSample;
    List<Scenario> w = new ArrayList<>();
    settings
        .mix()
        .forEach(
            (s, weight) -> {
              for (int i = 0; i < weight; i++) {
                w.add(s);
              }
            });
    this.wheel = w.toArray(Scenario[]::new);
    RecognizeRequest.Builder r =
        RecognizeRequest.builder()
            .audio(settings.audio())
            .pacing(Pacing.REAL_TIME)
            .timeout(settings.sessionTimeout());
    settings.grammars().forEach(r::grammar);
    settings.headers().forEach(r::header);
    this.recognize = r.build();
    RecognizeRequest.Builder d =
        RecognizeRequest.builder()
            .grammar(Grammar.uri("builtin:dtmf/digits?length=" + settings.dtmfDigits().length()))
            .audio(AudioSource.silence(100))
            .pacing(Pacing.REAL_TIME)
            .timeout(settings.sessionTimeout());
    settings.headers().forEach(d::header);
    this.dtmf = d.build();
  }

  /**
   * Ends the run early: no new sessions; running ones end their recognition in progress, then BYE.
   * Any thread.
   */
  public void stop(String reason) {
    cutShort = true;
    noMoreSessions(reason);
  }

  /** No new sessions; running ones do all their work. */
  private void noMoreSessions(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** Runs to the end and reports. Blocks the calling thread (not a network thread). */
  public BenchReport run() throws InterruptedException {
    String startedAt = Instant.now().toString();
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    long cpuLast = cpuStart;
    long lastRtp = 0;
    long nextSample = start + 1_000_000_000L;
    double tokens = 1;
    double burst = Math.max(1, settings.rampPerSecond() / 10);
    long last = start;
    long stoppedAt = 0;
    long drainNanos = settings.sessionTimeout().toNanos() + 5_000_000_000L;
    List<BenchReport.Sample> timeline = new ArrayList<>();
    String abandoned = "";
    while (true) {
      long now = System.nanoTime();
      if (stopReason == null) {
        if (settings.duration() != null && now - start >= settings.duration().toNanos()) {
          stop("duration reached");
        } else if (settings.totalSessions() > 0
            && metrics.startedSessions() >= settings.totalSessions()) {
          noMoreSessions("all sessions started");
        } else if (settings.maxErrors() > 0 && metrics.failedSessions() >= settings.maxErrors()) {
          stop("too many failed sessions (" + settings.maxErrors() + ")");
        }
      }
      if (stopReason == null) {
        tokens = Math.min(burst, tokens + settings.rampPerSecond() * (now - last) / 1e9);
        while (tokens >= 1
            && metrics.active.get() < settings.concurrency()
            && (settings.totalSessions() == 0
                || metrics.startedSessions() < settings.totalSessions())) {
          tokens -= 1;
          startSession();
        }
      } else if (stoppedAt == 0) {
        stoppedAt = now;
      }
      last = now;
      if (now >= nextSample) {
        long cpu = processCpuNanos();
        long rtp = rtpPackets();
        BenchReport.Sample s =
            metrics.sample(
                (now - start) / 1e9,
                100.0 * (cpu - cpuLast) / (now - nextSample + 1e9),
                rtp - lastRtp,
                now - start > settings.warmup().toNanos());
        cpuLast = cpu;
        lastRtp = rtp;
        timeline.add(s);
        onSample.accept(s);
        nextSample += 1_000_000_000L;
      }
      if (stoppedAt != 0 && metrics.active.get() == 0) {
        break;
      }
      if (stoppedAt != 0 && now - stoppedAt > drainNanos) {
        abandoned = "; " + metrics.active.get() + " session(s) still running were abandoned";
        break;
      }
      Thread.sleep(2);
    }
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    long rtp = rtpPackets();
    timeline.add(
        metrics.sample(
            seconds,
            100.0 * (processCpuNanos() - cpuLast) / Math.max(1, end - nextSample + 1e9),
            rtp - lastRtp,
            end - start > settings.warmup().toNanos()));
    BenchReport.Summary summary =
        metrics.summary(
            seconds,
            rtp,
            100.0 * (processCpuNanos() - cpuStart) / (end - start),
            stopReason + abandoned);
    return new BenchReport(
        "mrcp-client bench 0.1.0",
        startedAt,
        settings.host() + ":" + settings.port(),
        describe(),
        summary,
        timeline);
  }

  private long rtpPackets() {
    long n = rtpOfEnded.sum();
    for (ClientSession s : live) {
      n += s.rtpPacketsSent();
    }
    return n;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  // ---------------------------------------------------------------- one session

  /** One session's progress; its steps run one after another on the client's threads. */
  private final class Run {
    final Scenario scenario;
    final long begin = System.nanoTime();
    ClientSession session;
    int recognitions;
    volatile boolean failed;

    Run(Scenario scenario) {
      this.scenario = scenario;
    }
  }

  private void startSession() {
    Run run = new Run(wheel[ThreadLocalRandom.current().nextInt(wheel.length)]);
    metrics.sessionStarted();
    CompletableFuture<ClientSession> opened;
    try {
      opened = client.openSession();
    } catch (RuntimeException e) {
      opened = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ClientSession> timed =
        opened.copy().orTimeout(settings.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    opened.thenAccept(
        late -> {
          if (timed.isCompletedExceptionally()) {
            late.closeAsync(); // set up after the run gave up on it
          }
        });
    timed.whenComplete(
        (session, err) -> {
          if (err != null) {
            fail(run, err);
            finish(run);
            return;
          }
          run.session = session;
          live.add(session);
          metrics.record("sip-setup", (System.nanoTime() - run.begin) / 1e6);
          next(run);
        });
  }

  /** The session's next step: another recognition, or the BYE. */
  private void next(Run run) {
    if (run.failed
        || run.recognitions >= settings.recognitionsPerSession()
        || cutShort) { // a run stopped early lets each session end its recognition, then BYE
      bye(run);
      return;
    }
    run.recognitions++;
    if (run.scenario == Scenario.IDLE) {
      run.recognitions = Integer.MAX_VALUE; // one hold, then the BYE
      CompletableFuture.runAsync(
          () -> next(run),
          CompletableFuture.delayedExecutor(settings.hold().toMillis(), TimeUnit.MILLISECONDS));
      return;
    }
    metrics.recognitions.increment();
    CompletableFuture<Boolean> step =
        switch (run.scenario) {
          case RECOGNIZE -> recognize(run, recognize, settings.expectText());
          case DTMF -> dtmf(run);
          case SETUP -> setupOnly(run);
          case IDLE -> throw new IllegalStateException("no recognition in an idle session");
        };
    step.whenComplete(
        (good, err) -> {
          if (err != null) {
            fail(run, err);
          } else if (good) {
            metrics.recognitionsOk.increment();
          }
          next(run);
        });
  }

  private CompletableFuture<Boolean> recognize(Run run, RecognizeRequest req, String expect) {
    return run.session
        .recognize(req)
        .thenApply(
            r -> {
              metrics.record("recognize-to-in-progress", r.timings().inProgressMillis());
              metrics.record("audio-end-to-complete", r.timings().audioEndToCompleteMillis());
              return check(run, r, expect);
            });
  }

  private CompletableFuture<Boolean> dtmf(Run run) {
    CompletableFuture<Boolean> result = recognize(run, dtmf, settings.dtmfDigits());
    run.session
        .sendDtmf(settings.dtmfDigits(), DtmfMode.RFC4733)
        .exceptionally(
            e -> {
              if (!result.isDone()) { // a session that already ended cuts its keys short
                failWith(run, "dtmf-" + kind(e));
              }
              return null;
            });
    return result;
  }

  /** RECOGNIZE, then STOP as soon as it is IN-PROGRESS. */
  private CompletableFuture<Boolean> setupOnly(Run run) {
    long sent = System.nanoTime();
    MrcpRequest.Builder req =
        MrcpRequest.builder()
            .method(MrcpMethod.RECOGNIZE)
            .header("No-Input-Timeout", "30000")
            .body("text/uri-list", uris() + "\r\n");
    settings.headers().forEach(req::header);
    return run.session
        .send(req)
        .thenCompose(
            resp -> {
              metrics.record("recognize-to-in-progress", (System.nanoTime() - sent) / 1e6);
              if (resp.status().code() != 200) {
                failWith(run, "mrcp-" + resp.status().code());
                return CompletableFuture.completedFuture(false);
              }
              return run.session
                  .stop()
                  .thenApply(
                      stop -> {
                        List<Long> stopped =
                            stop.headers()
                                .get(GenericHeaders.ACTIVE_REQUEST_ID_LIST)
                                .orElse(List.of());
                        if (stop.status().code() != 200 || stopped.size() != 1) {
                          failWith(run, "stop-" + stop.status().code());
                          return false;
                        }
                        return true;
                      });
            });
  }

  private String uris() {
    List<String> u = new ArrayList<>();
    for (Grammar g : settings.grammars()) {
      u.add(g.isInline() ? "builtin:speech/transcribe" : g.uri());
    }
    return String.join("\r\n", u.isEmpty() ? List.of("builtin:speech/transcribe") : u);
  }

  /** Whether the result is what the run expects; if not, counts the error kind. */
  private boolean check(Run run, RecognitionResult r, String expect) {
    if (r.status() != 200) {
      failWith(run, "mrcp-" + r.status(), r.reason());
      return false;
    }
    if (r.cause() != RecognizerCompletionCause.SUCCESS) {
      failWith(
          run,
          r.cause() == null
              ? "cause-none"
              : "cause-" + r.cause().toHeaderValue().replace(' ', '-'));
      return false;
    }
    if (expect != null && !normalize(r.text()).equals(normalize(expect))) {
      failWith(run, "wrong-text", "heard '" + r.text() + "'");
      return false;
    }
    return true;
  }

  /** Lower case, letters and digits only, single spaces; digits run together. */
  static String normalize(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    t = t.replaceAll("[^\\p{L}\\p{N}#*]+", " ").strip();
    return t.matches("[0-9#* ]+") ? t.replace(" ", "") : t;
  }

  private void bye(Run run) {
    run.session
        .closeAsync()
        .orTimeout(settings.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (x, err) -> {
              if (err != null) {
                fail(run, err);
              }
              finish(run);
            });
  }

  private void finish(Run run) {
    if (run.session != null && live.remove(run.session)) {
      rtpOfEnded.add(run.session.rtpPacketsSent());
    }
    if (!run.failed) {
      metrics.record("session", (System.nanoTime() - run.begin) / 1e6);
    }
    metrics.sessionEnded(!run.failed);
  }

  private void fail(Run run, Throwable err) {
    Throwable e = err;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    failWith(run, kind(e), String.valueOf(e.getMessage()));
  }

  private void failWith(Run run, String kind) {
    failWith(run, kind, null);
  }

  private void failWith(Run run, String kind, String detail) {
    metrics.error(kind, (run.session != null ? run.session.callId() + ": " : "") + detail);
    run.failed = true;
  }

  /** The error kind of an exception: sip-STATUS, timeout, connection, or the exception's name. */
  static String kind(Throwable err) {
    Throwable e = err;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof SessionRefusedException r) {
      return "sip-" + r.status();
    }
    if (e instanceof TimeoutException) {
      return "timeout";
    }
    if (e instanceof MrcpClientException) {
      return "connection";
    }
    return e.getClass().getSimpleName();
  }

  private Map<String, String> describe() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("server", settings.host() + ":" + settings.port() + " (" + settings.transport() + ")");
    d.put("sessions at once", String.valueOf(settings.concurrency()));
    d.put("ramp", settings.rampPerSecond() + " sessions/s");
    d.put(
        "until",
        (settings.duration() != null ? settings.duration().toSeconds() + " s" : "")
            + (settings.duration() != null && settings.totalSessions() > 0 ? " or " : "")
            + (settings.totalSessions() > 0 ? settings.totalSessions() + " sessions" : ""));
    if (settings.mix().containsKey(Scenario.IDLE)) {
      d.put("idle hold", settings.hold().toMillis() + " ms");
    }
    if (!settings.warmup().isZero()) {
      d.put("warm-up", settings.warmup().toSeconds() + " s (latencies not counted; errors are)");
    }
    d.put("recognitions per session", String.valueOf(settings.recognitionsPerSession()));
    d.put("scenarios", settings.mix().toString().toLowerCase(Locale.ROOT));
    d.put(
        "audio",
        settings.audio().durationMillis() + " ms at " + settings.audio().sampleRate() + " Hz");
    List<String> g = new ArrayList<>();
    settings.grammars().forEach(x -> g.add(x.isInline() ? "inline " + x.contentType() : x.uri()));
    d.put("grammars", String.join(", ", g));
    d.put("expected text", settings.expectText() == null ? "(any)" : settings.expectText());
    d.put("headers", settings.headers().toString());
    d.put("codecs", settings.codecs().toString());
    d.put("MRCP connections", settings.shareConnections() ? "shared" : "one per session");
    d.put("session timeout", settings.sessionTimeout().toSeconds() + " s");
    d.put("client cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    return d;
  }
}
