package io.mrcpj.client;

import io.mrcpj.client.internal.RtpReceiver;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import io.mrcpj.core.message.SynthesizerHeaders;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speechsynth channel of a session (RFC 6787 section 8): SPEAK with the audio coming back as
 * RTP, and STOP, PAUSE, RESUME, BARGE-IN-OCCURRED, SET-PARAMS and GET-PARAMS. Get it from {@link
 * ClientSession#synthesizer()} on a session opened with {@code MrcpResource.SPEECHSYNTH}.
 *
 * <p>One SPEAK on the wire at a time, so the audio of the session's RTP stream belongs to the SPEAK
 * in flight: a {@link #speak} made while another runs waits in the client (at most {@value
 * #MAX_WAITING}) and is sent when the one before has completed; its timeout starts then. {@link
 * #stop()}, and a {@link #bargeIn()} that ends the SPEAK in flight, cancel the waiting ones (their
 * futures fail with {@link CancellationException}), as a server does with its PENDING ones. Audio
 * is collected from just before the SPEAK leaves until its SPEAK-COMPLETE arrives, then for {@link
 * #drainMillis()} more (one packet time plus {@value #DRAIN_MARGIN_MILLIS} ms), because the server
 * sends SPEAK-COMPLETE after its last packet left and that packet may still be on its way.
 *
 * <p>Thread-safe. Futures complete on the client's callback threads, in the order the server sent
 * things; never on a network thread.
 */
public final class Synthesizer {

  private static final Logger log = LoggerFactory.getLogger(Synthesizer.class);

  /** Milliseconds of audio collected after SPEAK-COMPLETE beyond one packet time. */
  public static final int DRAIN_MARGIN_MILLIS = 40;

  /** SPEAKs that may wait in the client behind the one in flight. */
  public static final int MAX_WAITING = 16;

  private final ChannelRequests requests;
  private final RtpReceiver receiver;
  private final RequestSlot<SpeakResult> slot;
  private final long drainMillis;
  private final Deque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
  private boolean busy; // a SPEAK of this class is in flight; guarded by this
  private String endedReason; // guarded by this

  /** A SPEAK waiting for the one in flight. */
  private record Waiting(SpeakRequest request, CompletableFuture<SpeakResult> future) {}

  Synthesizer(ChannelRequests requests, RtpReceiver receiver, int ptimeMillis) {
    this.requests = requests;
    this.receiver = receiver;
    this.slot = new RequestSlot<>(requests, "SPEAK");
    this.drainMillis = Math.max(ptimeMillis, 0) + DRAIN_MARGIN_MILLIS;
  }

  /** The channel, e.g. {@code 1ba0d1c9ab49494d@speechsynth}. */
  public ChannelId channelId() {
    return requests.channel();
  }

  /** How long audio is still collected after SPEAK-COMPLETE or the STOP response. */
  public long drainMillis() {
    return drainMillis;
  }

  /** Everything the session's RTP socket received so far. */
  public RtpReceiveStats audioTotals() {
    return receiver.totals();
  }

  /**
   * SPEAK: completes with the outcome and the audio (see {@link SpeakResult}); a refusal (4xx) is
   * an outcome, not an exception. While another SPEAK runs it waits its turn in the client. Fails
   * with {@link TimeoutException} when no SPEAK-COMPLETE comes within the request's timeout from
   * when it was sent (a STOP is sent), with {@link MrcpClientException} when the session or its
   * connection ends first, with {@link CancellationException} when a STOP or barge-in cancels it
   * while it waits, and with {@link IllegalStateException} when {@value #MAX_WAITING} already wait.
   */
  public CompletableFuture<SpeakResult> speak(SpeakRequest request) {
    synchronized (this) {
      if (endedReason != null) {
        return CompletableFuture.failedFuture(
            new MrcpClientException("session ended: " + endedReason));
      }
      if (busy) {
        if (waiting.size() >= MAX_WAITING) {
          return CompletableFuture.failedFuture(
              new IllegalStateException(
                  MAX_WAITING + " SPEAKs already wait behind the one in progress"));
        }
        Waiting w = new Waiting(request, new CompletableFuture<>());
        waiting.addLast(w);
        return w.future();
      }
      busy = true;
    }
    return send(request);
  }

  /** Sends {@code request} now; when it has completed, the next waiting SPEAK goes. */
  private CompletableFuture<SpeakResult> send(SpeakRequest request) {
    CompletableFuture<SpeakResult> f = sendNow(request);
    f.whenComplete((r, e) -> next());
    return f;
  }

  /** The SPEAK in flight has completed: the first waiting one, if any, is sent. */
  private void next() {
    Waiting w;
    synchronized (this) {
      do {
        w = waiting.pollFirst(); // one the caller cancelled while it waited is never sent
      } while (w != null && w.future().isDone());
      if (w == null) {
        busy = false;
        return;
      }
    }
    CompletableFuture<SpeakResult> caller = w.future();
    send(w.request())
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                caller.completeExceptionally(e);
              } else {
                caller.complete(r);
              }
            });
  }

  /** Fails every waiting SPEAK with {@code why}. */
  private void dropWaiting(Throwable why) {
    List<Waiting> dropped;
    synchronized (this) {
      dropped = new ArrayList<>(waiting);
      waiting.clear();
    }
    for (Waiting w : dropped) {
      w.future().completeExceptionally(why);
    }
  }

  private CompletableFuture<SpeakResult> sendNow(SpeakRequest request) {
    Speak s = new Speak();
    CompletableFuture<SpeakResult> refused =
        slot.start(s, request.timeout(), () -> timedOut(s, request));
    if (refused != null) {
      return refused;
    }
    s.capture = receiver.capture(); // armed before the SPEAK leaves: no packet is missed
    slot.send(
        s,
        request.message(channelId()),
        resp -> end(s, resp, causeOf(resp), false, 0), // refused, or done at once
        () -> {},
        s::drop);
    return s.future;
  }

  /** Like {@link #speak} but waits for the outcome (at most the request's timeout + 5 s). */
  public SpeakResult speakSync(SpeakRequest request)
      throws MrcpClientException, TimeoutException, InterruptedException {
    return RequestSlot.await(speak(request), request.timeout());
  }

  /**
   * STOP: ends the SPEAK in progress. When the response names it in Active-Request-Id-List (the
   * server then sends no SPEAK-COMPLETE for it), its {@link #speak} future completes with {@link
   * SynthesizerCompletionCause#CANCELLED} and {@link SpeakResult#stopped()}. SPEAKs waiting in the
   * client are cancelled.
   */
  public CompletableFuture<MrcpResponse> stop() {
    dropWaiting(new CancellationException("STOP before the SPEAK was sent"));
    return interrupt(MrcpMethod.STOP, SynthesizerCompletionCause.CANCELLED);
  }

  /**
   * BARGE-IN-OCCURRED: tells the synthesizer the caller started speaking. With Kill-On-Barge-In
   * true the server ends the SPEAK and names it in the response's Active-Request-Id-List; its
   * future then completes with {@link SynthesizerCompletionCause#BARGE_IN}, and the SPEAKs waiting
   * in the client are cancelled. Otherwise the SPEAK goes on.
   */
  public CompletableFuture<MrcpResponse> bargeIn() {
    return interrupt(MrcpMethod.BARGE_IN_OCCURRED, SynthesizerCompletionCause.BARGE_IN);
  }

  /** PAUSE: holds the speech where it is; the SPEAK's timeout keeps running. */
  public CompletableFuture<MrcpResponse> pause() {
    return requests.send(MrcpRequest.builder().method(MrcpMethod.PAUSE));
  }

  /** RESUME: goes on with paused speech. */
  public CompletableFuture<MrcpResponse> resume() {
    return requests.send(MrcpRequest.builder().method(MrcpMethod.RESUME));
  }

  /** SET-PARAMS: {@code params} become the channel's defaults for later SPEAKs. */
  public CompletableFuture<MrcpResponse> setParams(SynthesizerParams params) {
    return requests.setParams(params.headers());
  }

  /**
   * GET-PARAMS: the current values of the named parameters (e.g. {@code Voice-Name}), or of all of
   * them when none is named; the values are the response's headers.
   */
  public CompletableFuture<MrcpResponse> getParams(String... names) {
    return requests.getParams(names);
  }

  // ---------------------------------------------------------------- from the session

  /** An event of this channel, on the session's serial executor. */
  void onEvent(MrcpEvent event, long at) {
    RequestSlot.Run<SpeakResult> run = slot.active();
    if (!(run instanceof Speak s) || !s.is(event.requestId())) {
      return;
    }
    if (event.name().equals(MrcpEventName.SPEECH_MARKER)) {
      long offset = s.capture.samples() * 1000L / Math.max(1, receiver.sampleRate());
      s.markers.add(
          SpeechMarker.parse(
              event.headers().get(SynthesizerHeaders.SPEECH_MARKER.name()).orElse(""), at, offset));
    } else if (event.name().equals(MrcpEventName.SPEAK_COMPLETE)) {
      end(s, event, causeOf(event), false, drainMillis);
    }
  }

  /** The session ended: the SPEAK in flight fails, unless it is already draining. */
  void end(String reason) {
    synchronized (this) {
      endedReason = reason;
    }
    dropWaiting(new MrcpClientException("session ended: " + reason));
    slot.end(reason);
  }

  // ---------------------------------------------------------------- internals

  private CompletableFuture<MrcpResponse> interrupt(
      MrcpMethod method, SynthesizerCompletionCause cause) {
    return requests
        .send(MrcpRequest.builder().method(method))
        .whenComplete(
            (resp, err) -> {
              RequestSlot.Run<SpeakResult> run = slot.active();
              if (resp != null
                  && run instanceof Speak s
                  && ChannelRequests.activeIds(resp).contains(s.requestId)) {
                dropWaiting(new CancellationException(method + " ended the SPEAK before it"));
                end(s, resp, cause, true, drainMillis);
              }
            });
  }

  /** Ends {@code s} with {@code message}, once its audio has drained. */
  private void end(
      Speak s, MrcpMessage message, SynthesizerCompletionCause cause, boolean stopped, long drain) {
    if (!slot.claim(s)) {
      return;
    }
    int status = message instanceof MrcpResponse r ? r.status().code() : 200;
    String reason = message.headers().get(SynthesizerHeaders.COMPLETION_REASON.name()).orElse(null);
    s.capture
        .finish(status >= 300 ? 0 : drain)
        .whenCompleteAsync(
            (audio, err) ->
                slot.release(
                    s,
                    new SpeakResult(
                        status,
                        cause,
                        reason,
                        s.requestId,
                        s.markers,
                        audio.pcm(),
                        audio.sampleRate(),
                        audio.stats(),
                        stopped,
                        message)),
            requests.serial());
  }

  private void timedOut(Speak s, SpeakRequest request) {
    if (slot.fail(s, new TimeoutException("no SPEAK-COMPLETE within " + request.timeout()))) {
      log.info("{}: no SPEAK-COMPLETE within {}; sending STOP", channelId(), request.timeout());
      s.drop();
      requests.send(MrcpRequest.builder().method(MrcpMethod.STOP));
    }
  }

  private SynthesizerCompletionCause causeOf(MrcpMessage m) {
    String header = m.headers().get(SynthesizerHeaders.COMPLETION_CAUSE.name()).orElse(null);
    if (header == null) {
      return null;
    }
    try {
      return SynthesizerCompletionCause.parse(header);
    } catch (IllegalArgumentException e) {
      log.warn("{}: unknown Completion-Cause '{}'", channelId(), header);
      return null;
    }
  }

  /** One SPEAK in flight. */
  private static final class Speak extends RequestSlot.Run<SpeakResult> {
    volatile RtpReceiver.Capture capture;
    final List<SpeechMarker> markers = new CopyOnWriteArrayList<>();

    /** Stops collecting audio for a SPEAK that failed. */
    void drop() {
      RtpReceiver.Capture c = capture;
      if (c != null) {
        c.finish(0);
      }
    }
  }
}
