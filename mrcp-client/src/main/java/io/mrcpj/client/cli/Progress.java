package io.mrcpj.client.cli;

import io.mrcpj.client.bench.BenchReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The harness's live line and its console summary. */
final class Progress {

  private Progress() {}

  /** One line per second: where the run is. */
  static String line(BenchReport.Sample s, int target) {
    return String.format(
        Locale.ROOT,
        "[%5.0fs] active %d/%d  +%d/s  ended %d/s  failed %d/s  recog %d/s  setup p99 %s ms"
            + "  in-progress p99 %s ms  complete p99 %s ms  cpu %.0f%%  rtp %d/s",
        s.t(),
        s.active(),
        target,
        s.started(),
        s.ended(),
        s.failed(),
        s.recognitions(),
        ms(s.p99().get("sip-setup")),
        ms(s.p99().get("recognize-to-in-progress")),
        ms(s.p99().get("audio-end-to-complete")),
        s.cpuPercent(),
        s.rtpPackets());
  }

  private static String ms(Double v) {
    if (v == null || v < 0) {
      return "-";
    }
    return v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.valueOf(Math.round(v));
  }

  static void summary(PrintWriter out, BenchReport r) {
    BenchReport.Summary s = r.summary();
    out.printf(Locale.ROOT, "%s against %s, started %s%n", r.tool(), r.target(), r.startedAt());
    out.printf(
        Locale.ROOT,
        "ran %.1f s (%s); sessions: %d started, %d ok, %d failed; peak %d at once%n",
        s.seconds(),
        s.stopReason(),
        s.sessionsStarted(),
        s.sessionsOk(),
        s.sessionsFailed(),
        s.peakActive());
    out.printf(
        Locale.ROOT,
        "throughput: %.1f sessions/s, %.1f recognitions/s (%d of %d as expected);"
            + " RTP packets sent %d; harness CPU %.0f%% of a core%n",
        s.sessionsPerSecond(),
        s.recognitionsPerSecond(),
        s.recognitionsOk(),
        s.recognitions(),
        s.rtpPacketsSent(),
        s.clientCpuPercent());
    out.printf(
        Locale.ROOT,
        "%-26s %9s %9s %9s %9s %9s %9s %9s%n",
        "latency (ms)",
        "count",
        "mean",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "max");
    for (Map.Entry<String, BenchReport.Latency> e : s.latencies().entrySet()) {
      BenchReport.Latency l = e.getValue();
      out.printf(
          Locale.ROOT,
          "%-26s %9d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
          e.getKey(),
          l.count(),
          l.mean(),
          l.p50(),
          l.p90(),
          l.p99(),
          l.p999(),
          l.max());
    }
    if (s.errors().isEmpty()) {
      out.println("errors: none");
    } else {
      out.println("errors:");
      s.errors()
          .forEach(
              (k, v) -> {
                String ex = s.errorExamples().get(k);
                out.printf(Locale.ROOT, "  %-30s %d%s%n", k, v, ex == null ? "" : "  e.g. " + ex);
              });
    }
    out.flush();
  }
}
