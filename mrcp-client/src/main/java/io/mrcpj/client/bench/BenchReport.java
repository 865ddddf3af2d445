package io.mrcpj.client.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything a harness run measured: what was asked, the totals, and one sample per second. Written
 * as JSON ({@link JsonReport}) and as a self-contained HTML page ({@link HtmlReport}).
 *
 * @param tool the harness and its version
 * @param startedAt when the run started (ISO 8601, UTC)
 * @param target the server as the user named it (host:port)
 * @param settings the run's settings as name -> value, in the order to show them
 * @param summary the totals of the whole run
 * @param timeline one sample per second of the run, oldest first
 */
public record BenchReport(
    String tool,
    String startedAt,
    String target,
    Map<String, String> settings,
    Summary summary,
    List<Sample> timeline) {

  /** Names of the latency metrics, in the order reports show them. */
  public static final List<String> METRICS =
      List.of("sip-setup", "recognize-to-in-progress", "audio-end-to-complete", "session");

  /**
   * Percentiles of one latency metric over the whole run, in milliseconds.
   *
   * @param count values recorded
   */
  public record Latency(
      long count, double mean, double p50, double p90, double p99, double p999, double max) {}

  /**
   * @param seconds how long the run took, from the first session started to the last one ended
   * @param sessionsStarted sessions whose INVITE was sent
   * @param sessionsOk sessions that ended with everything as expected
   * @param sessionsFailed sessions that ended with at least one error (each counted once)
   * @param recognitions recognitions (RECOGNIZE requests) sent
   * @param recognitionsOk recognitions that completed as expected (cause and words)
   * @param peakActive most sessions alive at once
   * @param sessionsPerSecond sessions ended per second over the run
   * @param recognitionsPerSecond recognitions ended per second over the run
   * @param latencies per metric name ({@link #METRICS})
   * @param errors count per kind, e.g. {@code sip-503}, {@code mrcp-407}, {@code
   *     cause-002-no-input-timeout}, {@code wrong-text}, {@code timeout}, {@code connection}
   * @param errorExamples per error kind, what the first error of that kind said (with the session's
   *     Call-ID when it had one)
   * @param rtpPacketsSent RTP packets the harness sent
   * @param clientCpuPercent the harness process's CPU use over the run, 100 = one core busy
   * @param stopReason why the run ended (duration reached, total reached, errors, interrupted)
   */
  public record Summary(
      double seconds,
      long sessionsStarted,
      long sessionsOk,
      long sessionsFailed,
      long recognitions,
      long recognitionsOk,
      int peakActive,
      double sessionsPerSecond,
      double recognitionsPerSecond,
      Map<String, Latency> latencies,
      Map<String, Long> errors,
      Map<String, String> errorExamples,
      long rtpPacketsSent,
      double clientCpuPercent,
      String stopReason) {}

  /**
   * One second of the run. Latency percentiles are of the values recorded in that second only, in
   * milliseconds, -1 when there were none.
   *
   * @param t seconds since the start, at the end of this sample
   * @param active sessions alive at the end of the second
   * @param started sessions started in this second
   * @param ended sessions that ended in this second (ok or failed)
   * @param failed sessions that failed in this second
   * @param recognitions recognitions that ended in this second
   * @param p50 per metric name, the median in this second
   * @param p99 per metric name, the 99th percentile in this second
   * @param cpuPercent the harness process's CPU use in this second, 100 = one core
   * @param rtpPackets RTP packets sent in this second
   */
  public record Sample(
      double t,
      int active,
      long started,
      long ended,
      long failed,
      long recognitions,
      Map<String, Double> p50,
      Map<String, Double> p99,
      double cpuPercent,
      long rtpPackets) {}
}
