package io.mrcpj.client;

import io.mrcpj.client.internal.RtpSender;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecorderHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder channel of a session (RFC 6787 section 10): RECORD, with the caller audio sent as
 * RTP once the server says IN-PROGRESS (the same sender a recognition uses), STOP,
 * START-INPUT-TIMERS, SET-PARAMS and GET-PARAMS. Get it from {@link ClientSession#recorder()} on a
 * session opened with {@code MrcpResource.RECORDER}.
 *
 * <p>One RECORD at a time. Its end (any way) stops the audio still queued and the silence after it,
 * for the whole session's RTP stream.
 *
 * <p>Thread-safe. Futures complete on the client's callback threads, in the order the server sent
 * things; never on a network thread.
 */
public final class Recorder {

  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final ChannelRequests requests;
  private final RtpSender rtp;
  private final RequestSlot<RecordResult> slot;

  Recorder(ChannelRequests requests, RtpSender rtp) {
    this.requests = requests;
    this.rtp = rtp;
    this.slot = new RequestSlot<>(requests, "RECORD");
  }

  /** The channel, e.g. {@code 32AECB23433801@recorder}. */
  public ChannelId channelId() {
    return requests.channel();
  }

  /**
   * RECORD: completes with the outcome (see {@link RecordResult}); a refusal (4xx) is an outcome,
   * not an exception. Fails with {@link TimeoutException} when no RECORD-COMPLETE comes within the
   * request's timeout (a STOP is sent), with {@link MrcpClientException} when the session or its
   * connection ends first, and with {@link IllegalStateException} while another RECORD is in
   * progress.
   */
  public CompletableFuture<RecordResult> record(RecordRequest request) {
    RequestSlot.Run<RecordResult> run = new RequestSlot.Run<>();
    CompletableFuture<RecordResult> refused =
        slot.start(run, request.timeout(), () -> timedOut(run, request));
    if (refused != null) {
      return refused;
    }
    slot.send(
        run,
        request.message(channelId()),
        resp -> end(run, resp, false),
        () -> play(request),
        () -> {});
    return run.future;
  }

  /** Like {@link #record} but waits for the outcome (at most the request's timeout + 5 s). */
  public RecordResult recordSync(RecordRequest request)
      throws MrcpClientException, TimeoutException, InterruptedException {
    return RequestSlot.await(record(request), request.timeout());
  }

  /**
   * STOP: ends the RECORD in progress. When the response names it in Active-Request-Id-List, its
   * {@link #record} future completes with that response (which carries the Record-URI of what was
   * recorded) and {@link RecordResult#stopped()}.
   */
  public CompletableFuture<MrcpResponse> stop() {
    return stop(null);
  }

  /**
   * STOP with Trim-Length: the server drops the last {@code trimLength} of the recording (e.g. the
   * key press that ended it).
   */
  public CompletableFuture<MrcpResponse> stop(Duration trimLength) {
    MrcpRequest.Builder b = MrcpRequest.builder().method(MrcpMethod.STOP);
    if (trimLength != null) {
      if (trimLength.isNegative()) {
        throw new IllegalArgumentException("Trim-Length must not be negative");
      }
      b.header(RecorderHeaders.TRIM_LENGTH, trimLength.toMillis());
    }
    return requests
        .send(b)
        .whenComplete(
            (resp, err) -> {
              RequestSlot.Run<RecordResult> run = slot.active();
              if (resp != null
                  && run != null
                  && ChannelRequests.activeIds(resp).contains(run.requestId)) {
                end(run, resp, true);
              }
            });
  }

  /**
   * START-INPUT-TIMERS: starts the no-input timer of a RECORD sent with Start-Input-Timers false.
   */
  public CompletableFuture<MrcpResponse> startInputTimers() {
    return requests.send(MrcpRequest.builder().method(MrcpMethod.START_INPUT_TIMERS));
  }

  /** SET-PARAMS: recorder headers (e.g. No-Input-Timeout) as the channel's defaults. */
  public CompletableFuture<MrcpResponse> setParams(Map<String, String> params) {
    params.forEach(HeaderChecks::check);
    return requests.setParams(params);
  }

  /** GET-PARAMS: the named parameters' values, or all of them when none is named. */
  public CompletableFuture<MrcpResponse> getParams(String... names) {
    return requests.getParams(names);
  }

  // ---------------------------------------------------------------- from the session

  /** An event of this channel, on the session's serial executor. */
  void onEvent(MrcpEvent event) {
    RequestSlot.Run<RecordResult> run = slot.active();
    if (run != null
        && run.is(event.requestId())
        && event.name().equals(MrcpEventName.RECORD_COMPLETE)) {
      end(run, event, false);
    }
  }

  /** The session ended: the RECORD in flight fails. */
  void end(String reason) {
    slot.end(reason);
  }

  // ---------------------------------------------------------------- internals

  private void play(RecordRequest request) {
    if (request.audio() != null) {
      rtp.play(request.audio().samples(), request.audio().sampleRate(), request.pacing());
    }
    if (request.silenceAfterAudio()) {
      rtp.silenceWhenIdle(true);
    }
  }

  private void end(RequestSlot.Run<RecordResult> run, MrcpMessage message, boolean stopped) {
    if (slot.claim(run)) {
      rtp.stopPlaying();
      slot.release(run, RecordResult.of(message, stopped));
    }
  }

  private void timedOut(RequestSlot.Run<RecordResult> run, RecordRequest request) {
    if (slot.fail(run, new TimeoutException("no RECORD-COMPLETE within " + request.timeout()))) {
      log.info("{}: no RECORD-COMPLETE within {}; sending STOP", channelId(), request.timeout());
      rtp.stopPlaying();
      requests.send(MrcpRequest.builder().method(MrcpMethod.STOP));
    }
  }
}
