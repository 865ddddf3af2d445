package io.mrcpj.client.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The harness's counters and latency recorders. Sessions record from any thread without locks
 * (HdrHistogram {@link Recorder}s, {@link LongAdder}s); one sampler thread turns them into one
 * {@link BenchReport.Sample} per second and, at the end, the {@link BenchReport.Summary}.
 */
final class Metrics {

  /** Latencies are kept in microseconds, up to an hour, with 3 significant digits. */
  private static final long MAX_MICROS = 3_600_000_000L;

  private final Map<String, Recorder> recorders = new LinkedHashMap<>();
  // sampler thread only
  private final Map<String, Histogram> totals = new LinkedHashMap<>();
  private final Map<String, Histogram> recycled = new LinkedHashMap<>();

  final LongAdder started = new LongAdder();
  final LongAdder ok = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder recognitions = new LongAdder();
  final LongAdder recognitionsOk = new LongAdder();
  final AtomicInteger active = new AtomicInteger();
  private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> examples = new ConcurrentHashMap<>();
  private volatile int peak;

  // sampler thread only: totals at the previous sample
  private long lastStarted;
  private long lastEnded;
  private long lastFailed;
  private long lastRecognitions;

  Metrics() {
    for (String m : BenchReport.METRICS) {
      recorders.put(m, new Recorder(MAX_MICROS, 3));
      totals.put(m, new Histogram(MAX_MICROS, 3));
    }
  }

  /** Records a latency; negative values (the moment never came) are skipped. */
  void record(String metric, double millis) {
    if (millis >= 0 && Double.isFinite(millis)) {
      long micros = Math.min(MAX_MICROS, Math.round(millis * 1000));
      recorders.get(metric).recordValue(micros);
    }
  }

  /** Counts an error; the first one of each kind is kept with {@code detail} as its example. */
  void error(String kind, String detail) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (detail != null) {
      examples.putIfAbsent(kind, detail.length() > 300 ? detail.substring(0, 300) + "..." : detail);
    }
  }

  void sessionStarted() {
    started.increment();
    int a = active.incrementAndGet();
    if (a > peak) {
      synchronized (this) {
        peak = Math.max(peak, a);
      }
    }
  }

  void sessionEnded(boolean success) {
    (success ? ok : failed).increment();
    active.decrementAndGet();
  }

  long failedSessions() {
    return failed.sum();
  }

  long startedSessions() {
    return started.sum();
  }

  /**
   * The second that just ended. Sampler thread only.
   *
   * @param counted whether this second's latencies go into the run's totals (false during the
   *     warm-up)
   */
  BenchReport.Sample sample(double t, double cpuPercent, long rtpPackets, boolean counted) {
    Map<String, Double> p50 = new LinkedHashMap<>();
    Map<String, Double> p99 = new LinkedHashMap<>();
    for (String m : BenchReport.METRICS) {
      Histogram h = recorders.get(m).getIntervalHistogram(recycled.get(m));
      recycled.put(m, h);
      if (counted) {
        totals.get(m).add(h);
      }
      p50.put(m, h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(50) / 1000.0);
      p99.put(m, h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(99) / 1000.0);
    }
    long s = started.sum();
    long f = failed.sum();
    long e = ok.sum() + f;
    long r = recognitions.sum();
    BenchReport.Sample out =
        new BenchReport.Sample(
            t,
            active.get(),
            s - lastStarted,
            e - lastEnded,
            f - lastFailed,
            r - lastRecognitions,
            p50,
            p99,
            cpuPercent,
            rtpPackets);
    lastStarted = s;
    lastEnded = e;
    lastFailed = f;
    lastRecognitions = r;
    return out;
  }

  /** Totals of the run; call after the last {@link #sample}. Sampler thread only. */
  BenchReport.Summary summary(
      double seconds, long rtpPackets, double cpuPercent, String stopReason) {
    Map<String, BenchReport.Latency> lat = new LinkedHashMap<>();
    for (String m : BenchReport.METRICS) {
      Histogram h = totals.get(m);
      if (h.getTotalCount() > 0) {
        lat.put(
            m,
            new BenchReport.Latency(
                h.getTotalCount(),
                h.getMean() / 1000.0,
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0));
      }
    }
    Map<String, Long> errs = new TreeMap<>();
    errors.forEach((k, v) -> errs.put(k, v.sum()));
    Map<String, String> ex = new TreeMap<>(examples);
    long ended = ok.sum() + failed.sum();
    double secs = Math.max(seconds, 1e-9);
    return new BenchReport.Summary(
        seconds,
        started.sum(),
        ok.sum(),
        failed.sum(),
        recognitions.sum(),
        recognitionsOk.sum(),
        peak,
        ended / secs,
        recognitions.sum() / secs,
        lat,
        errs,
        ex,
        rtpPackets,
        cpuPercent,
        stopReason);
  }
}
