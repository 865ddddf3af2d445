package io.mrcpj.server.session;

import io.mrcpj.core.message.ChannelId;

/** Makes the resource channels SIP sessions ask for (one implementation per server). */
public interface ChannelFactory {

  /** True when {@code resource} (e.g. {@code speechrecog}) can be served. */
  boolean supports(String resource);

  /**
   * A new channel for {@code id}. Called on a SIP worker thread, never on an event loop.
   *
   * @throws IllegalStateException when the channel cannot be made now (the session is refused)
   */
  SessionChannel create(ChannelId id, String callId);

  /**
   * A new channel for {@code id} whose recognitions use {@code engine} unless a request names
   * another ({@code null}: as {@link #create(ChannelId, String)}).
   */
  default SessionChannel create(ChannelId id, String callId, String engine) {
    return create(id, callId);
  }
}
