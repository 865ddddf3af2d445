package io.mrcpj.server.resource.recorder;

import io.mrcpj.core.media.EnergyVad;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecorderCompletionCause;
import io.mrcpj.core.message.RecorderHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.AudioSink;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recorder channel of a session (RFC 6787 section 10): RECORD captures the caller's audio into
 * a WAV file in the configured folder until Final-Silence after speech (000), Max-Time (001), a
 * No-Input-Timeout without speech (002) or STOP; START-OF-INPUT goes out when speech starts.
 *
 * <p>Threads: requests arrive on the control connection's event loop, audio on the RTP port's event
 * loop, the no-input timer on the server's timer thread; the state is kept under one lock never
 * held across anything that blocks. Files are written by {@link RecordingStore} on its I/O thread,
 * and RECORD-COMPLETE (or the STOP response) leaves once the file is written.
 */
public final class RecorderChannel implements ResourceChannel, AudioSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecorderChannel.class);

  /** The settings shared by the server's recorder channels. */
  public record Settings(
      RecordingStore store, int maxSeconds, int finalSilenceMillis, int noInputTimeoutMillis) {}

  private final Object lock = new Object();
  private final ChannelId id;
  private final Settings settings;
  private final ScheduledExecutorService timers;
  private final int rate;
  private final AtomicLong proxySyncIds = new AtomicLong();

  // Guarded by lock.
  private RecorderParams params = RecorderParams.DEFAULTS;
  private Recording active;
  private boolean closed;

  /** One RECORD in progress. */
  private final class Recording {
    final MrcpRequest request;
    final ControlConnection connection;
    final RecorderParams p;
    final RecordingStore.Target target;
    final EnergyVad vad;
    final short[] buffer;
    int length;
    long discarded; // samples fed but dropped before the buffer's start
    boolean spoke;
    ScheduledFuture<?> noInput;

    Recording(
        MrcpRequest request,
        ControlConnection connection,
        RecorderParams p,
        RecordingStore.Target target) {
      this.request = request;
      this.connection = connection;
      this.p = p;
      this.target = target;
      long maxMs = p.maxTime() > 0 ? p.maxTime() : settings.maxSeconds() * 1000L;
      maxMs = Math.min(maxMs, settings.maxSeconds() * 1000L);
      this.buffer = new short[(int) (maxMs * rate / 1000)];
      long silence = p.finalSilence() >= 0 ? p.finalSilence() : settings.finalSilenceMillis();
      this.vad =
          new EnergyVad(
              rate,
              EnergyVad.Config.builder()
                  .silenceMillis((int) Math.max(100, Math.min(60_000, silence)))
                  .speechAboveFloorDb(6 + 12 * (1 - p.sensitivity()))
                  .build());
    }
  }

  /**
   * @param rate the PCM rate the channel receives (the session's sink rate: 8000 or 16000)
   */
  public RecorderChannel(
      ChannelId id, Settings settings, ScheduledExecutorService timers, int rate) {
    this.id = id;
    this.settings = settings;
    this.timers = timers;
    this.rate = rate;
  }

  private volatile io.mrcpj.server.metrics.ServerMetrics metrics =
      io.mrcpj.server.metrics.ServerMetrics.none();

  /** Where the channel counts its recordings. Call before any request. */
  public RecorderChannel metrics(io.mrcpj.server.metrics.ServerMetrics m) {
    this.metrics = m;
    return this;
  }

  public int sampleRate() {
    return rate;
  }

  /** Whether a RECORD is in progress. */
  public boolean recording() {
    synchronized (lock) {
      return active != null;
    }
  }

  @Override
  public void onRequest(MrcpRequest request, ControlConnection connection) {
    MrcpMethod m = request.method();
    try {
      if (m.equals(MrcpMethod.RECORD)) {
        record(request, connection);
      } else if (m.equals(MrcpMethod.STOP)) {
        stop(request, connection);
      } else if (m.equals(MrcpMethod.START_INPUT_TIMERS)) {
        startInputTimers(request, connection);
      } else if (m.equals(MrcpMethod.SET_PARAMS)) {
        synchronized (lock) {
          params = params.with(request.headers());
        }
        connection.send(ok(request));
      } else if (m.equals(MrcpMethod.GET_PARAMS)) {
        MrcpResponse.Builder b =
            MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE);
        synchronized (lock) {
          params.report(request.headers(), b);
        }
        connection.send(b.build());
      } else {
        connection.send(
            MrcpResponse.to(request, StatusCode.METHOD_NOT_ALLOWED, RequestState.COMPLETE)
                .header(RecorderHeaders.COMPLETION_REASON, "method not supported: " + m.name())
                .build());
      }
    } catch (RecorderParams.Bad b) {
      log.info("{}: {} {} refused: {}", id, m.name(), request.requestId(), b.getMessage());
      connection.send(b.answer(request));
    }
  }

  private static MrcpResponse ok(MrcpRequest request) {
    return MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE).build();
  }

  private void record(MrcpRequest request, ControlConnection connection) throws RecorderParams.Bad {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (active != null) {
        connection.send(
            MrcpResponse.to(request, StatusCode.METHOD_NOT_VALID_IN_STATE, RequestState.COMPLETE)
                .header(
                    RecorderHeaders.COMPLETION_REASON,
                    "RECORD " + active.request.requestId() + " is in progress")
                .build());
        return;
      }
      RecorderParams p = params.with(request.headers());
      RecordingStore.Target target;
      try {
        target = settings.store().target(p.recordUri(), id.id() + "-" + request.requestId());
      } catch (RecordingStore.Refused r) {
        log.info("{}: RECORD {} refused: {}", id, request.requestId(), r.getMessage());
        connection.send(
            MrcpResponse.to(request, StatusCode.METHOD_OR_OPERATION_FAILED, RequestState.COMPLETE)
                .header(
                    RecorderHeaders.COMPLETION_CAUSE,
                    RecorderCompletionCause.URI_FAILURE.toHeaderValue())
                .header(RecorderHeaders.COMPLETION_REASON, r.getMessage())
                .header(RecorderHeaders.FAILED_URI, p.recordUri())
                .header(RecorderHeaders.FAILED_URI_CAUSE, r.cause())
                .build());
        return;
      }
      Recording r = new Recording(request, connection, p, target);
      active = r;
      connection.send(
          MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build());
      log.info(
          "{}: RECORD {} to {} (max {} ms)",
          id,
          request.requestId(),
          target.uri(),
          r.buffer.length * 1000L / rate);
      if (p.startInputTimers()) {
        startNoInputTimer(r);
      }
    }
  }

  private void startNoInputTimer(Recording r) {
    long ms = r.p.noInputTimeout() >= 0 ? r.p.noInputTimeout() : settings.noInputTimeoutMillis();
    if (ms <= 0 || r.noInput != null || r.spoke) {
      return;
    }
    r.noInput =
        timers.schedule(
            () -> {
              synchronized (lock) {
                if (active == r && !r.spoke) {
                  finish(r, RecorderCompletionCause.NO_INPUT_TIMEOUT, null);
                }
              }
            },
            ms,
            TimeUnit.MILLISECONDS);
  }

  private void startInputTimers(MrcpRequest request, ControlConnection connection) {
    synchronized (lock) {
      if (active != null) {
        startNoInputTimer(active);
      }
    }
    connection.send(ok(request));
  }

  private void stop(MrcpRequest request, ControlConnection connection) {
    synchronized (lock) {
      Recording r = active;
      if (r == null) {
        connection.send(ok(request));
        return;
      }
      end(r);
      metrics.record("stopped");
      // the audio so far is kept: the STOP response names the file; a Trim-Length on the STOP
      // cuts that much from its end (section 10.4.10)
      long trimMs = r.p.trimLength();
      String t = request.headers().get(RecorderHeaders.TRIM_LENGTH.name()).orElse(null);
      if (t != null) {
        try {
          trimMs = Math.max(0, Long.parseLong(t.trim()));
        } catch (NumberFormatException e) {
          connection.send(
              MrcpResponse.to(request, StatusCode.ILLEGAL_HEADER_VALUE, RequestState.COMPLETE)
                  .header(RecorderHeaders.TRIM_LENGTH.name(), t)
                  .build());
          return;
        }
      }
      int trim = (int) Math.min(r.length, trimMs * rate / 1000);
      r.target
          .save(r.buffer, r.length - trim, rate, 0)
          .whenComplete(
              (saved, err) -> {
                MrcpResponse.Builder b =
                    MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE)
                        .header(
                            GenericHeaders.ACTIVE_REQUEST_ID_LIST, List.of(r.request.requestId()));
                if (saved != null) {
                  b.header(RecorderHeaders.RECORD_URI, saved.header());
                }
                connection.send(b.build());
              });
    }
  }

  @Override
  public void onAudio(short[] pcm, int offset, int length) {
    synchronized (lock) {
      Recording r = active;
      if (r == null) {
        return;
      }
      EnergyVad.Event e = r.vad.process(pcm, offset, length);
      boolean waiting = r.p.captureOnSpeech() && !r.spoke;
      int room = r.buffer.length - r.length;
      if (waiting && room < length) {
        // no speech yet: keep the newer half of the window, so speech is captured from its start
        int drop = r.buffer.length / 2;
        System.arraycopy(r.buffer, drop, r.buffer, 0, r.length - drop);
        r.length -= drop;
        r.discarded += drop;
        room = r.buffer.length - r.length;
      }
      int n = Math.min(length, room);
      System.arraycopy(pcm, offset, r.buffer, r.length, n);
      r.length += n;
      if (e == EnergyVad.Event.START_OF_SPEECH && !r.spoke) {
        r.spoke = true;
        if (r.noInput != null) {
          r.noInput.cancel(false);
        }
        r.connection.send(
            MrcpEvent.builder()
                .name(MrcpEventName.START_OF_INPUT)
                .requestId(r.request.requestId())
                .state(RequestState.IN_PROGRESS)
                .channelId(id)
                .header(
                    GenericHeaders.PROXY_SYNC_ID, id.id() + "-" + proxySyncIds.incrementAndGet())
                .build());
        if (waiting) {
          // Capture-On-Speech (section 10.4.11): the recording starts where the speech did
          int from = (int) Math.max(0, Math.min(r.length, r.vad.speechStartSample() - r.discarded));
          System.arraycopy(r.buffer, from, r.buffer, 0, r.length - from);
          r.length -= from;
          r.discarded += from;
        }
      }
      if (r.length == r.buffer.length && !(r.p.captureOnSpeech() && !r.spoke)) {
        finish(r, RecorderCompletionCause.SUCCESS_MAXTIME, null);
        return;
      }
      if (e == EnergyVad.Event.END_OF_SPEECH && r.spoke) {
        finish(r, RecorderCompletionCause.SUCCESS_SILENCE, null);
      }
    }
  }

  @Override
  public void onDtmf(char digit) {
    // DTMF does not end a recording (section 10 has no DTMF termination)
  }

  private void end(Recording r) {
    if (r.noInput != null) {
      r.noInput.cancel(false);
    }
    active = null;
  }

  /** Ends {@code r} (under the lock): the file is written, then RECORD-COMPLETE goes out. */
  private void finish(Recording r, RecorderCompletionCause cause, String reason) {
    end(r);
    long trimMs = r.p.trimLength();
    int trim = (int) Math.min(r.length, trimMs * rate / 1000);
    if (cause == RecorderCompletionCause.NO_INPUT_TIMEOUT) {
      send(r, cause, null, "no speech within the No-Input-Timeout");
      return;
    }
    r.target
        .save(r.buffer, r.length - trim, rate, 0)
        .whenComplete(
            (saved, err) -> {
              synchronized (lock) {
                if (closed) {
                  return;
                }
              }
              if (saved == null) {
                send(
                    r,
                    RecorderCompletionCause.URI_FAILURE,
                    null,
                    "cannot write "
                        + r.target.uri()
                        + ": "
                        + (err == null ? "?" : err.getCause() != null ? err.getCause() : err));
              } else {
                send(r, cause, saved.header(), reason);
              }
            });
  }

  private void send(Recording r, RecorderCompletionCause cause, String recordUri, String reason) {
    MrcpEvent.Builder e =
        MrcpEvent.builder()
            .name(MrcpEventName.RECORD_COMPLETE)
            .requestId(r.request.requestId())
            .state(RequestState.COMPLETE)
            .channelId(id)
            .header(RecorderHeaders.COMPLETION_CAUSE, cause.toHeaderValue());
    if (recordUri != null) {
      e.header(RecorderHeaders.RECORD_URI, recordUri);
    }
    if (reason != null) {
      e.header(RecorderHeaders.COMPLETION_REASON, reason);
    }
    log.info(
        "{}: RECORD {} complete: {}{}",
        id,
        r.request.requestId(),
        cause.toHeaderValue(),
        recordUri == null ? "" : " " + recordUri);
    r.connection.send(e.build());
    metrics.record(String.format(java.util.Locale.ROOT, "%03d", cause.code()));
  }

  @Override
  public void connectionClosed(ControlConnection connection) {
    synchronized (lock) {
      if (active != null && active.connection == connection) {
        end(active);
      }
    }
  }

  @Override
  public boolean isOpen() {
    synchronized (lock) {
      return !closed;
    }
  }

  /** Ends a recording in progress silently (BYE); nothing is written. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (active != null) {
        end(active);
      }
    }
  }
}
