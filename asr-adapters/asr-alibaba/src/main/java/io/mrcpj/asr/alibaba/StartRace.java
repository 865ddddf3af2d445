package io.mrcpj.asr.alibaba;

import com.alibaba.nls.client.protocol.SpeechReqProtocol;
import com.alibaba.nls.client.protocol.asr.SpeechTranscriber;

/**
 * A race in the SDK's {@code SpeechTranscriber.start(long)} (2.2.18, read from its bytecode): it
 * writes StartTranscription ({@code sendText}), then sets its state to {@code STATE_REQUEST_SENT},
 * then makes the latch it waits on for {@code TranscriptionStarted}. An answer handled by its
 * listener before both are done is lost: the listener's {@code STATE_REQUEST_CONFIRMED} is
 * overwritten, or it finds no latch to count down. The start then times out, and with the state
 * stuck no audio can be sent. It happened here on loopback with two busy cores; over a network it
 * is rarer, not impossible.
 *
 * <p>The connection (see {@link WsConnection}) holds the server's messages while {@link #tooEarly}
 * says so: the state is still {@code STATE_CONNECTED}, or it is {@code STATE_REQUEST_SENT} but the
 * starting thread is not yet parked (with a timeout) in that wait, the only place it parks between
 * the write and the answer.
 */
final class StartRace {

  private StartRace() {}

  /**
   * Whether an answer would reach {@code transcriber} too early.
   *
   * @param starter the thread inside {@code start}, or null when none is
   */
  static boolean tooEarly(Thread starter, SpeechTranscriber transcriber) {
    if (starter == null || transcriber == null) {
      return false;
    }
    SpeechReqProtocol.State state = transcriber.getState();
    return state == SpeechReqProtocol.State.STATE_CONNECTED
        || (state == SpeechReqProtocol.State.STATE_REQUEST_SENT
            && starter.getState() != Thread.State.TIMED_WAITING);
  }
}
