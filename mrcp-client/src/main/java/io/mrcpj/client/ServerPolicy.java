package io.mrcpj.client;

/** How {@link MrcpClient} picks the server for a new session among those that are UP. */
public enum ServerPolicy {
  /** The first server that is UP, in the order they were given; the others are spares. */
  FAILOVER,
  /** The servers that are UP in turn, one new session each. */
  ROUND_ROBIN
}
