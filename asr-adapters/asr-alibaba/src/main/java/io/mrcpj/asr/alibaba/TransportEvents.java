package io.mrcpj.asr.alibaba;

/**
 * What {@link WsConnection} tells its stream beyond the SDK's {@code ConnectionListener}: the
 * connection being made (so the stream can abandon it mid-connect), audio leaving, and a message
 * the SDK could not take.
 */
interface TransportEvents {

  /** The connection about to be made; closing it makes the connect fail at once. */
  void connecting(WsConnection connection);

  /** {@code bytes} of audio were written to the socket, or dropped with a closed connection. */
  void written(int bytes);

  /** The SDK failed on a server message (malformed JSON, an unexpected shape). */
  void badMessage(String message, RuntimeException error);

  /**
   * Whether the server's messages (and the connection's end) must wait before reaching the SDK's
   * listener: the SDK is not ready for its answer yet. Asked on the event loop, again every
   * millisecond while it holds, for at most {@value WsConnection#HOLD_MAX_MS} ms.
   */
  default boolean holdInbound() {
    return false;
  }

  /** For a listener that is not a stream's: nothing to tell. */
  TransportEvents NONE =
      new TransportEvents() {
        @Override
        public void connecting(WsConnection connection) {}

        @Override
        public void written(int bytes) {}

        @Override
        public void badMessage(String message, RuntimeException error) {}
      };
}
