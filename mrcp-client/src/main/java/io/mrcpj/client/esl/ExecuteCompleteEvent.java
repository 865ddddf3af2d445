package io.mrcpj.client.esl;

/**
 * CHANNEL_EXECUTE_COMPLETE: a dialplan application finished on the channel. An application started
 * by {@code sendmsg} with an {@code Event-UUID} comes back with it as {@code Application-UUID}.
 */
public final class ExecuteCompleteEvent extends ChannelEvent {

  ExecuteCompleteEvent(EslEvent e) {
    super(e);
  }

  public String application() {
    return header("Application");
  }

  public String applicationData() {
    return header("Application-Data");
  }

  public String applicationUuid() {
    return header("Application-UUID");
  }

  /**
   * {@code Application-Response}. Beware: FreeSWITCH leaves the previous application's response in
   * place when an application sets none (a {@code park} after a {@code playback} reports "FILE
   * PLAYED"), so read the result from channel variables where the application sets one.
   */
  public String applicationResponse() {
    return header("Application-Response");
  }
}
