/**
 * Media primitives for the RTP hot path: a reusable RTP packet view (RFC 3550), G.711, G.722 and
 * L16 codecs (ITU-T G.711, ITU-T G.722, RFC 3551), a streaming 8/16 kHz resampler, RFC 4733
 * telephone events, an in-band Goertzel DTMF detector, an energy voice activity detector and a
 * small WAV file reader and writer.
 *
 * <p>Everything here is single-threaded by design (one instance per stream, owned by one thread),
 * allocates nothing per packet or per frame, and reports bad input by a return value instead of an
 * exception.
 */
package io.mrcpj.core.media;
