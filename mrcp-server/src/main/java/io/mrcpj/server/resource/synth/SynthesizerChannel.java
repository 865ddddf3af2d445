package io.mrcpj.server.resource.synth;

import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import io.mrcpj.core.message.SynthesizerHeaders;
import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.RtpOutput;
import io.mrcpj.tts.spi.SynthesisException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One speechsynth channel of a session (RFC 6787 section 8): SPEAK requests queue (PENDING) and are
 * spoken in order; STOP, PAUSE, RESUME and BARGE-IN-OCCURRED act on them; SET-PARAMS and GET-PARAMS
 * keep the voice and prosody parameters. Audio goes out through the {@link RtpOutput} the session
 * gave the channel; SPEECH-MARKER and SPEAK-COMPLETE leave when the audio before them has been
 * sent.
 *
 * <p>Threads: requests arrive on the control connection's event loop, engine callbacks on engine
 * threads, cues on the RTP port's event loop; the state is kept under one lock that is never held
 * across anything that blocks. {@link SynthesizerRequests} holds the request handling.
 */
public final class SynthesizerChannel implements ResourceChannel, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SynthesizerChannel.class);

  /** Most SPEAK requests waiting (PENDING) behind the active one. */
  static final int MAX_QUEUED = 16;

  /** Seconds between 1900 (NTP's era 0) and 1970. */
  private static final long NTP_OFFSET_SECONDS = 2_208_988_800L;

  /** The synthesizer states of section 8.2. */
  enum State {
    IDLE,
    SPEAKING,
    PAUSED
  }

  /**
   * Server-wide settings of the synthesizer.
   *
   * @param maxSpeakSeconds the longest audio one SPEAK may make
   * @param fetcher fetches the documents of {@code text/uri-list} SPEAKs (the recognizer's grammar
   *     fetch rules: allowed hosts, size and time caps, file root), or null to refuse them (003)
   */
  public record Settings(
      int maxSpeakSeconds, io.mrcpj.server.resource.recog.GrammarFetcher fetcher) {
    public static final Settings DEFAULTS = new Settings(600, null);

    public Settings(int maxSpeakSeconds) {
      this(maxSpeakSeconds, null);
    }
  }

  final Object lock = new Object();
  final ChannelId id;
  final SynthesisEngines engines;
  final Settings settings;
  private final SynthesizerRequests requests;

  // Guarded by lock.
  SynthParams params;
  Speak active;
  boolean paused;
  final Deque<Speak> queue = new ArrayDeque<>();
  boolean closed;

  private volatile RtpOutput output;
  private volatile String callId;

  public SynthesizerChannel(ChannelId id, SynthesisEngines engines, Settings settings) {
    this.id = id;
    this.engines = engines;
    this.settings = settings;
    this.params = SynthParams.defaults(engines.language(), engines.defaultVoice());
    this.requests = new SynthesizerRequests(this);
  }

  private volatile io.mrcpj.server.metrics.ServerMetrics metrics =
      io.mrcpj.server.metrics.ServerMetrics.none();

  /** The session this channel belongs to, for the log lines' MDC. Call before any request. */
  public SynthesizerChannel observed(String sessionCallId) {
    this.callId = sessionCallId;
    return this;
  }

  /** Where the channel counts its SPEAKs. Call before any request. */
  public SynthesizerChannel metrics(io.mrcpj.server.metrics.ServerMetrics m) {
    this.metrics = m;
    return this;
  }

  public ChannelId id() {
    return id;
  }

  /**
   * Where this channel's audio goes from now on (null: the session negotiated no audio line this
   * channel may send on; a SPEAK then fails with 004).
   */
  public void output(RtpOutput out) {
    this.output = out;
  }

  RtpOutput output() {
    return output;
  }

  State state() {
    synchronized (lock) {
      return active == null ? State.IDLE : paused ? State.PAUSED : State.SPEAKING;
    }
  }

  /** Whether an engine stream is open now (leak checks). */
  public boolean streaming() {
    synchronized (lock) {
      return active != null && active.streaming();
    }
  }

  Runnable inContext(Runnable task) {
    return io.mrcpj.server.LogContext.wrap(callId, id.toString(), task);
  }

  @Override
  public void onRequest(MrcpRequest request, ControlConnection connection) {
    try {
      requests.handle(request, connection);
    } catch (RuntimeException e) {
      log.error("{}: {} {} failed", id, request.method().name(), request.requestId(), e);
      connection.send(
          MrcpResponse.to(request, StatusCode.SERVER_INTERNAL_ERROR, RequestState.COMPLETE)
              .header(SynthesizerHeaders.COMPLETION_REASON, oneLine(e.toString()))
              .build());
    }
  }

  // ---------------------------------------------------------------- events from the active SPEAK

  final Speak.Events events =
      new Speak.Events() {
        @Override
        public void marker(Speak speak, String name) {
          inContext(
                  () -> {
                    synchronized (lock) {
                      if (active == speak && !closed) {
                        speak.connection.send(
                            MrcpEvent.builder()
                                .name(MrcpEventName.SPEECH_MARKER)
                                .requestId(speak.requestId())
                                .state(RequestState.IN_PROGRESS)
                                .channelId(id)
                                .header(SynthesizerHeaders.SPEECH_MARKER, markerValue(name))
                                .build());
                      }
                    }
                  })
              .run();
        }

        @Override
        public void spoken(Speak speak) {
          inContext(
                  () -> {
                    synchronized (lock) {
                      if (active == speak && !closed) {
                        complete(speak, SynthesizerCompletionCause.NORMAL, null);
                      }
                    }
                  })
              .run();
        }

        @Override
        public void failed(Speak speak, SynthesisException error) {
          inContext(
                  () -> {
                    synchronized (lock) {
                      if (active == speak && !closed) {
                        complete(speak, cause(error), error.getMessage());
                      }
                    }
                  })
              .run();
        }
      };

  static SynthesizerCompletionCause cause(SynthesisException e) {
    return e.kind() == SynthesisException.Kind.LANGUAGE_UNSUPPORTED
        ? SynthesizerCompletionCause.LANGUAGE_UNSUPPORTED
        : SynthesizerCompletionCause.ERROR;
  }

  /** {@code timestamp=<NTP seconds>;name} (section 8.4.16). */
  static String markerValue(String name) {
    long ntp = System.currentTimeMillis() / 1000 + NTP_OFFSET_SECONDS;
    return "timestamp=" + ntp + (name == null ? "" : ";" + name);
  }

  /**
   * Ends the active SPEAK (under the lock): its stream stops, SPEAK-COMPLETE goes out with {@code
   * cause}, and the next queued SPEAK starts.
   */
  void complete(Speak speak, SynthesizerCompletionCause cause, String reason) {
    complete(speak, cause, reason, java.util.Map.of());
  }

  /** As {@link #complete(Speak, SynthesizerCompletionCause, String)}, with further headers. */
  void complete(
      Speak speak,
      SynthesizerCompletionCause cause,
      String reason,
      java.util.Map<String, String> extra) {
    speak.stop();
    if (active == speak) {
      active = null;
      paused = false;
    }
    MrcpEvent.Builder e =
        MrcpEvent.builder()
            .name(MrcpEventName.SPEAK_COMPLETE)
            .requestId(speak.requestId())
            .state(RequestState.COMPLETE)
            .channelId(id)
            .header(SynthesizerHeaders.COMPLETION_CAUSE, cause.toHeaderValue());
    if (reason != null) {
      e.header(SynthesizerHeaders.COMPLETION_REASON, oneLine(reason));
    }
    extra.forEach(e::header);
    log.info(
        "{}: SPEAK {} complete: {}{}",
        id,
        speak.requestId(),
        cause.toHeaderValue(),
        reason == null ? "" : " (" + reason + ")");
    speak.connection.send(e.build());
    metrics.speak(String.format(java.util.Locale.ROOT, "%03d", cause.code()), speak.seconds());
    next();
  }

  /** Starts the next queued SPEAK, if the channel is free (under the lock). */
  void next() {
    while (active == null && !closed && !queue.isEmpty()) {
      requests.start(queue.pollFirst());
    }
  }

  /**
   * Removes and stops the SPEAKs {@code ids} names (all when empty): the active one and queued
   * ones. No SPEAK-COMPLETE is sent for them (sections 8.9 and 8.12). Under the lock.
   *
   * @return the request-ids stopped
   */
  List<Long> stopSilently(Set<Long> ids) {
    List<Long> stopped = new ArrayList<>();
    boolean all = ids.isEmpty();
    if (active != null && (all || ids.contains(active.requestId()))) {
      stopped.add(active.requestId());
      metrics.speak("stopped", active.seconds());
      active.stop();
      active = null;
      paused = false;
    }
    queue.removeIf(
        s -> {
          if (all || ids.contains(s.requestId())) {
            stopped.add(s.requestId());
            return true;
          }
          return false;
        });
    return stopped;
  }

  /**
   * The caller started speaking (a recognizer of the same session sent START-OF-INPUT): an active
   * SPEAK with Kill-On-Barge-In true stops at once and completes with 001 barge-in, and the SPEAKs
   * queued behind it complete the same way (section 8.4.2).
   */
  public void bargeIn() {
    synchronized (lock) {
      if (closed || active == null || !active.params.killOnBargeIn()) {
        return;
      }
      Speak s = active;
      List<Speak> behind = new ArrayList<>(queue);
      queue.clear();
      complete(s, SynthesizerCompletionCause.BARGE_IN, null);
      for (Speak q : behind) {
        q.connection.send(
            MrcpEvent.builder()
                .name(MrcpEventName.SPEAK_COMPLETE)
                .requestId(q.requestId())
                .state(RequestState.COMPLETE)
                .channelId(id)
                .header(
                    SynthesizerHeaders.COMPLETION_CAUSE,
                    SynthesizerCompletionCause.BARGE_IN.toHeaderValue())
                .build());
      }
    }
  }

  static String oneLine(String s) {
    String t = s.replaceAll("[\\r\\n]+", " ").strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  /** The client's connection dropped: SPEAKs reporting to it end silently. */
  @Override
  public void connectionClosed(ControlConnection connection) {
    synchronized (lock) {
      queue.removeIf(s -> s.connection == connection);
      if (active != null && active.connection == connection) {
        log.info("{}: connection dropped during SPEAK {}", id, active.requestId());
        active.stop();
        active = null;
        paused = false;
        next();
      }
    }
  }

  @Override
  public boolean isOpen() {
    synchronized (lock) {
      return !closed;
    }
  }

  /** Ends everything silently (BYE / teardown): streams closed, no events. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (active != null) {
        active.stop();
        active = null;
      }
      queue.clear();
    }
  }

  /** Active-Request-Id-List header value of {@code ids}. */
  static void activeList(MrcpResponse.Builder b, List<Long> ids) {
    if (!ids.isEmpty()) {
      b.header(GenericHeaders.ACTIVE_REQUEST_ID_LIST, ids);
    }
  }

  static boolean is(MrcpRequest r, MrcpMethod m) {
    return r.method().equals(m);
  }
}
