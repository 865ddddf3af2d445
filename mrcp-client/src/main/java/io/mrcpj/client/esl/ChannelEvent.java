package io.mrcpj.client.esl;

/** An event about one channel (a call leg): the channel's identity and state headers. */
public class ChannelEvent extends EslEvent {

  ChannelEvent(EslEvent e) {
    super(e);
  }

  /** {@code Channel-Name}, e.g. {@code sofia/internal/1000@example.com}. */
  public final String channelName() {
    return header("Channel-Name");
  }

  /** {@code Caller-Caller-ID-Number}. */
  public final String callerIdNumber() {
    return header("Caller-Caller-ID-Number");
  }

  /** {@code Caller-Destination-Number}. */
  public final String destinationNumber() {
    return header("Caller-Destination-Number");
  }

  /** {@code Call-Direction}: inbound or outbound. */
  public final String callDirection() {
    return header("Call-Direction");
  }

  /** {@code Answer-State}: ringing, early, answered, hangup. */
  public final String answerState() {
    return header("Answer-State");
  }
}
