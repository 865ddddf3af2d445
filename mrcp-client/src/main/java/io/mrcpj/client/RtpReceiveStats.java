package io.mrcpj.client;

/**
 * What arrived on the session's RTP socket (RFC 3550), for one SPEAK or for the whole session.
 *
 * @param packets audio packets taken: the negotiated payload type, well formed, not repeated
 * @param bytes their payload octets
 * @param lost packets missing between the first and the last one taken (sequence-number gaps); each
 *     gap is filled with silence, at most {@value #MAX_CONCEALED_PACKETS} packets of it
 * @param late packets dropped as duplicates or as arriving after later ones were already used
 * @param ignored datagrams that were not RTP, or had another payload type (telephone-event, comfort
 *     noise)
 */
public record RtpReceiveStats(long packets, long bytes, long lost, long late, long ignored) {

  /** The most packets of silence one sequence gap is filled with (one second at 20 ms). */
  public static final int MAX_CONCEALED_PACKETS = 50;

  /** Nothing received. */
  public static final RtpReceiveStats NONE = new RtpReceiveStats(0, 0, 0, 0, 0);
}
