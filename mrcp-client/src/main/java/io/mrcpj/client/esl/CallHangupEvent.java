package io.mrcpj.client.esl;

/**
 * CHANNEL_HANGUP (the leg is hanging up) or CHANNEL_HANGUP_COMPLETE (it is gone, with its final
 * variables such as billing times).
 */
public final class CallHangupEvent extends ChannelEvent {
  CallHangupEvent(EslEvent e) {
    super(e);
  }

  /** {@code Hangup-Cause}, e.g. NORMAL_CLEARING, USER_BUSY, ORIGINATOR_CANCEL. */
  public String cause() {
    return header("Hangup-Cause");
  }

  /** True for CHANNEL_HANGUP_COMPLETE. */
  public boolean isComplete() {
    return "CHANNEL_HANGUP_COMPLETE".equals(name());
  }
}
