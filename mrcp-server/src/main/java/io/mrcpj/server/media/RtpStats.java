package io.mrcpj.server.media;

/**
 * Counters of one RTP endpoint.
 *
 * @param packets datagrams received
 * @param audio audio packets decoded and passed on
 * @param events telephone-event packets (RFC 4733)
 * @param dropped packets not used: malformed, unknown payload type, duplicate, late or too large
 * @param digits DTMF key presses reported
 */
public record RtpStats(long packets, long audio, long events, long dropped, long digits) {}
