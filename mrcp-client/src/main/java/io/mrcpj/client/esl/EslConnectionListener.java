package io.mrcpj.client.esl;

/** Hears about the client's connection. Called on the callback pool. */
public interface EslConnectionListener {

  /** Connected and authenticated; after a reconnect, subscriptions and filters are restored. */
  default void onConnected(boolean reconnected) {}

  /** The connection was lost (the client reconnects unless it was closed or told not to). */
  default void onDisconnected(Throwable cause) {}

  /** A frame or event broke the protocol; the connection goes on. */
  default void onProtocolError(EslProtocolException error) {}

  /** A {@code log/data} line, when {@code log <level>} is on. */
  default void onLog(EslMessage line) {}
}
