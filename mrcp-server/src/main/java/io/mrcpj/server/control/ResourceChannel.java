package io.mrcpj.server.control;

import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpRequest;

/**
 * A resource channel allocated by a SIP session (RFC 6787 section 4.2), reached by its
 * Channel-Identifier. Requests arrive on the control connection's event loop and must not block.
 */
public interface ResourceChannel {

  /** Handles a request; answers go out through {@code connection}. */
  void onRequest(MrcpRequest request, ControlConnection connection);

  /**
   * The control connection that carried requests for this channel closed (the client dropped it).
   * Called once per connection on its event loop; must not block.
   */
  default void connectionClosed(ControlConnection connection) {}

  /** False once the channel's session has ended (a connection stops counting it then). */
  default boolean isOpen() {
    return true;
  }

  /** Where a channel's responses and events go. */
  interface ControlConnection {
    /** Sends a message in order; safe from any thread. */
    void send(MrcpMessage message);

    /** The peer's address, for logs. */
    String remote();
  }
}
