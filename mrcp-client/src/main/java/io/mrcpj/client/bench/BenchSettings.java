package io.mrcpj.client.bench;

import io.mrcpj.client.AudioSource;
import io.mrcpj.client.Grammar;
import io.mrcpj.client.SipTransport;
import io.mrcpj.core.sdp.RtpCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A harness run, validated. Every loop of the run is bounded by these numbers and times.
 *
 * @param host the server's SIP host (only this address and the local one are used)
 * @param port the server's SIP port
 * @param transport SIP over UDP or TCP
 * @param local the local address for SIP and RTP
 * @param shareConnections sessions share MRCP connections (a=connection:existing)
 * @param codecs codecs offered
 * @param concurrency sessions alive at once, at most
 * @param rampPerSecond sessions started per second, at most
 * @param duration how long to start new sessions (null: until {@code totalSessions})
 * @param totalSessions sessions to run in all (0: until {@code duration})
 * @param recognitionsPerSession recognitions each session runs before its BYE
 * @param mix scenario -> weight; each session draws one
 * @param audio the caller's audio for RECOGNIZE
 * @param grammars the grammars of RECOGNIZE
 * @param expectText the words a RECOGNIZE must give (normalized), or null for any
 * @param dtmfDigits the keys the DTMF scenario sends
 * @param headers extra RECOGNIZE headers
 * @param sessionTimeout how long one session may take from INVITE to BYE
 * @param maxErrors stop the run when this many sessions failed (0: never)
 * @param ioThreads the client's network threads
 * @param hold how long an idle session (scenario IDLE) stays before its BYE
 * @param warmup how long after the start latencies are left out of the totals (sessions and errors
 *     always count)
 */
public record BenchSettings(
    String host,
    int port,
    SipTransport transport,
    String local,
    boolean shareConnections,
    List<RtpCodec> codecs,
    int concurrency,
    double rampPerSecond,
    Duration duration,
    long totalSessions,
    int recognitionsPerSession,
    Map<Scenario, Integer> mix,
    AudioSource audio,
    List<Grammar> grammars,
    String expectText,
    String dtmfDigits,
    Map<String, String> headers,
    Duration sessionTimeout,
    long maxErrors,
    int ioThreads,
    Duration hold,
    Duration warmup) {

  /** Most sessions at once the harness accepts. */
  public static final int MAX_CONCURRENCY = 20_000;

  /** Longest run. */
  public static final Duration MAX_DURATION = Duration.ofHours(24);

  public BenchSettings {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("sessions must be 1-" + MAX_CONCURRENCY);
    }
    if (!(rampPerSecond > 0 && rampPerSecond <= 10_000)) {
      throw new IllegalArgumentException("rate must be more than 0 and at most 10000 per second");
    }
    if (duration == null && totalSessions <= 0) {
      throw new IllegalArgumentException("give a duration or a number of sessions");
    }
    if (duration != null
        && (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0)) {
      throw new IllegalArgumentException("duration must be more than 0 and at most 24 h");
    }
    if (totalSessions < 0 || totalSessions > 100_000_000) {
      throw new IllegalArgumentException("total sessions must be 0-100000000");
    }
    if (recognitionsPerSession < 1 || recognitionsPerSession > 100_000) {
      throw new IllegalArgumentException("recognitions per session must be 1-100000");
    }
    if (mix.isEmpty()
        || mix.values().stream().anyMatch(w -> w < 0)
        || mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
      throw new IllegalArgumentException("the scenario mix needs a positive weight");
    }
    mix = Map.copyOf(mix);
    grammars = List.copyOf(grammars);
    headers = Map.copyOf(headers);
    codecs = List.copyOf(codecs);
    if (hold == null || hold.isNegative() || hold.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("hold must be 0-24 h");
    }
    if (warmup == null || warmup.isNegative() || warmup.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("warm-up must be 0-24 h");
    }
    if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
      throw new IllegalArgumentException("the session timeout must be positive");
    }
  }
}
