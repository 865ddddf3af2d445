package io.mrcpj.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters (Micrometer), named {@code mrcpj.*}; Prometheus shows them as {@code
 * mrcpj_*}. Every method is thread-safe and cheap enough for the RTP path. Label values that come
 * from peers (SIP and MRCP method names) are bounded: past {@link #MAX_LABELS} distinct values per
 * label the rest count as {@code OTHER}, so a peer cannot grow the registry without end.
 */
public final class ServerMetrics {

  /** Distinct peer-supplied values kept per label. */
  static final int MAX_LABELS = 64;

  private final MeterRegistry registry;
  private final Timer setup;
  private final Timer inProgress;
  private final Timer afterSpeech;
  private final Counter accepted;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RtpMeters> rtp = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> sipMethods = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> mrcpMethods = new ConcurrentHashMap<>();

  /** Meters kept in {@code registry}. */
  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.setup =
        latency(
            "mrcpj.session.setup",
            "INVITE received to 200 OK sent",
            Duration.ofMillis(1),
            Duration.ofSeconds(10));
    this.inProgress =
        latency(
            "mrcpj.recognize.in.progress",
            "RECOGNIZE received to its IN-PROGRESS response sent",
            Duration.ofMillis(1),
            Duration.ofSeconds(10));
    this.afterSpeech =
        latency(
            "mrcpj.recognition.after.speech",
            "end of speech detected to RECOGNITION-COMPLETE",
            Duration.ofMillis(1),
            Duration.ofSeconds(30));
    this.accepted =
        Counter.builder("mrcpj.sessions.setups")
            .description("session set-ups (INVITEs without a To tag) by result")
            .tag("result", "accepted")
            .register(registry);
  }

  /** Meters that go nowhere (embedded use and tests that do not look at them). */
  public static ServerMetrics none() {
    return new ServerMetrics(new CompositeMeterRegistry());
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  private Timer latency(String name, String description, Duration min, Duration max) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(min)
        .maximumExpectedValue(max)
        .register(registry);
  }

  /** A session was set up: its 200 OK went out {@code nanos} after the INVITE arrived. */
  public void sessionAccepted(long nanos) {
    accepted.increment();
    setup.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A new session was refused with {@code status}. */
  public void sessionRefused(int status) {
    counter(
            "mrcpj.sessions.setups|refused|" + status,
            "mrcpj.sessions.setups",
            "session set-ups (INVITEs without a To tag) by result",
            "result",
            "refused",
            "status",
            Integer.toString(status))
        .increment();
  }

  /** A SIP response with {@code status} was sent to a {@code method} request. */
  public void sipResponse(String method, int status) {
    byMethodAndStatus(
        "mrcpj.sip.responses",
        "SIP responses sent, by request method and status code",
        sipMethods,
        method,
        status);
  }

  /** An MRCP request {@code method} was answered with {@code status}. */
  public void mrcpRequest(String method, int status) {
    byMethodAndStatus(
        "mrcpj.mrcp.requests",
        "MRCP requests answered, by method and status code",
        mrcpMethods,
        method,
        status);
  }

  private void byMethodAndStatus(
      String name,
      String description,
      ConcurrentMap<String, String> seen,
      String method,
      int status) {
    String m = bounded(seen, method);
    String code = Integer.toString(status);
    counter(name + "|" + m + "|" + code, name, description, "method", m, "status", code)
        .increment();
  }

  /**
   * A RECOGNITION-COMPLETE went out with {@code cause} (the Completion-Cause code, e.g. {@code
   * 000}).
   */
  public void recognition(String cause) {
    String c = cause == null || !cause.matches("\\d{3}") ? "unknown" : cause;
    counter(
            "mrcpj.recognitions|" + c,
            "mrcpj.recognitions",
            "recognitions completed, by Completion-Cause code",
            "cause",
            c)
        .increment();
  }

  /**
   * A SPEAK completed with {@code cause} (000-007) after sending {@code seconds} of audio; a SPEAK
   * ended by STOP, BARGE-IN-OCCURRED or BYE counts as {@code stopped}.
   */
  public void speak(String cause, double seconds) {
    String c = cause == null || !cause.matches("\\d{3}|stopped") ? "unknown" : cause;
    counter(
            "mrcpj.speaks|" + c,
            "mrcpj.speaks",
            "SPEAKs ended, by Completion-Cause code",
            "cause",
            c)
        .increment();
    if (seconds > 0) {
      counter(
              "mrcpj.synthesis.audio",
              "mrcpj.synthesis.audio.seconds",
              "seconds of synthesized audio sent as RTP")
          .increment(seconds);
    }
  }

  /** A RECORD completed with {@code cause} (000-004, or {@code stopped}). */
  public void record(String cause) {
    String c = cause == null || !cause.matches("\\d{3}|stopped") ? "unknown" : cause;
    counter(
            "mrcpj.records|" + c,
            "mrcpj.records",
            "recordings ended, by Completion-Cause code",
            "cause",
            c)
        .increment();
  }

  /** A RECOGNIZE got its IN-PROGRESS response {@code nanos} after it arrived. */
  public void recognizeInProgress(long nanos) {
    inProgress.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A recognition completed {@code nanos} after the end of speech was detected. */
  public void completedAfterSpeech(long nanos) {
    afterSpeech.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The RTP counters of streams in {@code codec} (an encoding name such as PCMU). */
  public RtpMeters rtp(String codec) {
    String c = codec.toUpperCase(Locale.ROOT);
    return rtp.computeIfAbsent(
        c,
        k ->
            new RtpMeters(
                Counter.builder("mrcpj.rtp.packets")
                    .description("RTP packets received, by the stream's codec")
                    .tag("codec", k)
                    .register(registry),
                Counter.builder("mrcpj.rtp.lost")
                    .description("RTP packets missing from the sequence when a later one came")
                    .tag("codec", k)
                    .register(registry),
                Counter.builder("mrcpj.rtp.late")
                    .description("RTP packets dropped because they came after a later one")
                    .tag("codec", k)
                    .register(registry)));
  }

  /** A gauge read at each scrape. */
  public <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> value) {
    Gauge.builder(name, obj, value).description(description).register(registry);
  }

  /** A gauge with one tag. */
  public <T> void gauge(
      String name,
      String description,
      String tag,
      String tagValue,
      T obj,
      ToDoubleFunction<T> value) {
    Gauge.builder(name, obj, value).description(description).tag(tag, tagValue).register(registry);
  }

  /** A counter whose total is read at each scrape (it must never go down). */
  public <T> void functionCounter(
      String name, String description, String unit, T obj, ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, obj, value)
        .description(description)
        .baseUnit(unit)
        .register(registry);
  }

  /**
   * The counters of one RTP codec.
   *
   * @param packets packets received
   * @param lost packets missing from the sequence when a later one arrived (a missing packet that
   *     comes afterwards is also counted late: the counter cannot go back)
   * @param late packets that came after a later one and were dropped
   */
  public record RtpMeters(Counter packets, Counter lost, Counter late) {}

  private Counter counter(String key, String name, String description, String... tags) {
    Counter c = counters.get(key);
    if (c == null) {
      c =
          counters.computeIfAbsent(
              key,
              k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
    return c;
  }

  private static String bounded(ConcurrentMap<String, String> seen, String value) {
    String v = value == null || value.isEmpty() ? "UNKNOWN" : value;
    String known = seen.get(v);
    if (known != null) {
      return known;
    }
    if (seen.size() >= MAX_LABELS || v.length() > 32 || !v.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      return "OTHER";
    }
    String prev = seen.putIfAbsent(v, v);
    return prev != null ? prev : v;
  }
}
