package io.mrcpj.asr.alibaba;

/**
 * Where a stream's NLS token (sent as the {@code X-NLS-Token} header of the WebSocket upgrade)
 * comes from. {@link #current()} is called on an engine worker as each recognition connects; it
 * never waits for the network (a token made from an AccessKey is renewed on a thread of its own).
 */
interface TokenSource extends AutoCloseable {

  /** The token to use now. */
  String current();

  /** Where the token comes from, for log lines and messages; never the token itself. */
  String describe();

  /** Why the token may be refused (it expired and could not be renewed), or null. */
  default String problem() {
    return null;
  }

  /** Stops renewing; the default has nothing to stop. */
  @Override
  default void close() {}

  /** A token that does not change (from the environment). */
  record Fixed(String token, String describe) implements TokenSource {
    @Override
    public String current() {
      return token;
    }
  }
}
