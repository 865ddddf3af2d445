package io.mrcpj.client.esl;

/** CHANNEL_CREATE: a new call leg exists. */
public final class CallCreatedEvent extends ChannelEvent {
  CallCreatedEvent(EslEvent e) {
    super(e);
  }
}
