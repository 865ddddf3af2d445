package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.client.bench.BenchReport;
import io.mrcpj.client.bench.JsonReport;
import io.mrcpj.client.cli.Main;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.engine.EngineLoader;
import io.mrcpj.server.engine.EngineSelector;
import io.mrcpj.server.testing.SharedVosk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-test harness ({@code mrcp-client bench}) against the real server on loopback. */
class BenchIT {

  private static RecognitionEngine demo;
  private static TestServer server;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    demo = EngineLoader.load(new EngineConfig("demo", List.of(), Map.of()));
    server = TestServer.start(35200, new EngineSelector(List.of(SharedVosk.get(), demo)), 40);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  private int bench(String... args) {
    List<String> a = new ArrayList<>(List.of("bench", "--server", "127.0.0.1:" + server.sipPort));
    a.addAll(List.of(args));
    a.addAll(List.of("--quiet", "--json", dir.resolve("r.json").toString()));
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(a.toArray(String[]::new));
  }

  private BenchReport report() throws Exception {
    return JsonReport.read(dir.resolve("r.json"));
  }

  @Test
  void demoRecognitionsAllSucceedAndEveryMetricIsMeasured() throws Exception {
    Path html = dir.resolve("r.html");
    int rc =
        bench(
            "--engine",
            "demo",
            "--header",
            "Vendor-Specific-Parameters=demo.result=four five",
            "--expect",
            "Four, five!",
            "-n",
            "12",
            "--rate",
            "40",
            "--total",
            "24",
            "--html",
            html.toString());

    assertThat(rc).as(out + "\n" + err).isZero();
    BenchReport.Summary s = report().summary();
    assertThat(s.sessionsStarted()).isEqualTo(24);
    assertThat(s.sessionsOk()).isEqualTo(24);
    assertThat(s.recognitionsOk()).isEqualTo(24);
    assertThat(s.errors()).isEmpty();
    assertThat(s.peakActive()).isBetween(2, 12);
    assertThat(s.latencies()).containsOnlyKeys(BenchReport.METRICS);
    s.latencies().values().forEach(l -> assertThat(l.count()).isEqualTo(24));
    assertThat(s.latencies().get("recognize-to-in-progress").p50()).isPositive().isLessThan(500);
    // real time: the 2 s clip, then silence until the 800 ms Speech-Complete-Timeout ran out
    assertThat(s.latencies().get("session").p50()).isGreaterThan(2000);
    assertThat(s.rtpPacketsSent())
        .as("at least the clip's 100 packets per session")
        .isGreaterThanOrEqualTo(24 * 100);
    assertThat(s.stopReason()).isEqualTo("all sessions started");
    assertThat(report().timeline()).isNotEmpty();
    assertThat(out.toString()).contains("24 ok, 0 failed").contains("errors: none");
    assertThat(Files.readString(html)).contains("<svg").contains("recognize-to-in-progress");
  }

  @Test
  void realSpeechIsCheckedAgainstTheExpectedWordsWithVosk() throws Exception {
    int rc =
        bench(
            "--audio",
            TestServer.SPEECH.resolve("rms-four-five-six-one-8k.wav").toString(),
            "--expect",
            "four five six one",
            "-n",
            "2",
            "--total",
            "2");
    assertThat(rc).as(out + "\n" + err).isZero();
    assertThat(report().summary().recognitionsOk()).isEqualTo(2);

    int wrong =
        bench(
            "--audio",
            TestServer.SPEECH.resolve("rms-four-five-six-one-8k.wav").toString(),
            "--expect",
            "seven",
            "-n",
            "1",
            "--total",
            "1");
    assertThat(wrong).isEqualTo(1);
    assertThat(report().summary().errors()).containsEntry("wrong-text", 1L);
    assertThat(report().summary().errorExamples().get("wrong-text"))
        .endsWith("heard 'four five six one'");
    assertThat(out.toString()).contains("wrong-text").contains("e.g. ");
  }

  @Test
  void dtmfSetupAndAMixAllSucceed() throws Exception {
    assertThat(bench("--scenario", "dtmf", "--digits", "4071", "-n", "4", "--total", "6"))
        .as(out + "\n" + err)
        .isZero();
    assertThat(report().summary().recognitionsOk()).isEqualTo(6);

    // fast turnover on one shared MRCP connection: sessions join it while others leave it
    assertThat(bench("--scenario", "setup", "-n", "20", "--rate", "300", "--total", "150"))
        .as(out + "\n" + err)
        .isZero();
    BenchReport.Summary setup = report().summary();
    assertThat(setup.sessionsOk()).isEqualTo(150);
    assertThat(setup.latencies().get("recognize-to-in-progress").count()).isEqualTo(150);
    assertThat(setup.latencies()).doesNotContainKey("audio-end-to-complete");

    assertThat(
            bench(
                "--engine",
                "demo",
                "--scenario",
                "recognize=2,dtmf=1,setup=1",
                "-n",
                "8",
                "--rate",
                "50",
                "--total",
                "24",
                "--per-session",
                "2"))
        .as(out + "\n" + err)
        .isZero();
    BenchReport.Summary mix = report().summary();
    assertThat(mix.recognitions()).isEqualTo(48);
    assertThat(mix.recognitionsOk()).isEqualTo(48);
  }

  @Test
  void idleSessionsHoldThenLeave() throws Exception {
    assertThat(bench("--scenario", "idle", "--hold", "1s", "-n", "5", "--total", "5"))
        .as(out + "\n" + err)
        .isZero();
    BenchReport.Summary s = report().summary();
    assertThat(s.sessionsOk()).isEqualTo(5);
    assertThat(s.recognitions()).isZero();
    assertThat(s.rtpPacketsSent()).isZero();
    assertThat(s.latencies().get("session").p50()).isBetween(1000.0, 3000.0);
  }

  @Test
  void refusalsAreCountedByKindAndTooManyStopTheRun() throws Exception {
    // the server takes 40 sessions at once; 60 wanted at once
    int rc =
        bench(
            "--engine",
            "demo",
            "-n",
            "60",
            "--rate",
            "1000",
            "--total",
            "200",
            "--max-errors",
            "5");
    assertThat(rc).isEqualTo(1);
    BenchReport.Summary s = report().summary();
    assertThat(s.errors()).containsKey("sip-503");
    assertThat(s.errorExamples().get("sip-503")).contains("503");
    assertThat(s.sessionsFailed()).isGreaterThanOrEqualTo(5);
    assertThat(s.sessionsStarted()).isLessThan(200);
    assertThat(s.stopReason()).startsWith("too many failed sessions");
  }

  @Test
  void aDurationEndsTheRun() throws Exception {
    long start = System.nanoTime();
    int rc = bench("--engine", "demo", "--scenario", "setup", "-n", "3", "--duration", "2s");
    assertThat(rc).as(out + "\n" + err).isZero();
    BenchReport r = report();
    assertThat(r.summary().stopReason()).isEqualTo("duration reached");
    assertThat(r.summary().seconds()).isBetween(2.0, 8.0);
    assertThat(r.timeline().size()).isBetween(2, 9);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
  }

  @Test
  void badUsageIsExit2WithTheProblemNamed() {
    assertThat(bench("-n", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("give --duration or --total");
    assertThat(bench("--total", "1", "--scenario", "sing")).isEqualTo(2);
    assertThat(err.toString()).contains("no scenario 'sing'");
    assertThat(bench("--total", "1", "-n", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("sessions must be 1-20000");
    assertThat(bench("--total", "1", "--audio", "/no/such.wav")).isEqualTo(2);
    assertThat(err.toString()).contains("no such file: /no/such.wav");
    assertThat(bench("--duration", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("--duration must be like 90, 90s, 10m or 1h, not soon");
  }
}
