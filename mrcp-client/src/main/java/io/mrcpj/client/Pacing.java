package io.mrcpj.client;

/** How fast the client sends audio as RTP. */
public enum Pacing {
  /** One 20 ms packet every 20 ms, as a caller's phone does. */
  REAL_TIME,
  /**
   * As fast as the client can without flooding the server's socket: 50 packets (one second of
   * audio) per 20 ms tick, 50 times real time.
   */
  FAST
}
