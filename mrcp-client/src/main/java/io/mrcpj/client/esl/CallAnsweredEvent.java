package io.mrcpj.client.esl;

/** CHANNEL_ANSWER: the call leg was answered. */
public final class CallAnsweredEvent extends ChannelEvent {
  CallAnsweredEvent(EslEvent e) {
    super(e);
  }
}
