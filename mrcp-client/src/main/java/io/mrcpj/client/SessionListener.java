package io.mrcpj.client;

import io.mrcpj.core.message.MrcpEvent;

/**
 * Hears what happens in a session. Called on the client's callback threads, one call at a time per
 * session; implementations should return quickly.
 */
public interface SessionListener {

  /** Every MRCP event of the session's channel (START-OF-INPUT, RECOGNITION-COMPLETE...). */
  default void onEvent(MrcpEvent event) {}

  /** The session ended without the client asking: a BYE from the server or a dropped connection. */
  default void onClosed(String reason) {}
}
