package io.mrcpj.core.media;

/**
 * One detected key press.
 *
 * @param digit the DTMF character (0-9, *, #, A-D)
 * @param startTimestamp RTP timestamp at which the tone began (for RFC 4733, the event timestamp;
 *     for in-band detection, the sample offset in the stream)
 * @param duration duration in timestamp units (samples); for RFC 4733 the total over all segments
 * @param ended whether the end was seen ({@code false} when the press was closed by a later press
 *     or a flush after lost end packets, so the duration is a lower bound)
 */
public record DtmfDigit(char digit, long startTimestamp, long duration, boolean ended) {}
