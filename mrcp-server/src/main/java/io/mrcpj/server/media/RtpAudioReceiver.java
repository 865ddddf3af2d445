package io.mrcpj.server.media;

import io.mrcpj.core.media.DtmfEventTracker;
import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.media.RtpSequence;
import io.mrcpj.core.sdp.RtpCodec;
import java.util.Locale;
import java.util.Optional;

/**
 * The receive pipeline of one RTP stream (RFC 3550): validate the packet, keep to one SSRC, drop
 * duplicates and late packets, decode the negotiated codec (PCMU, PCMA or L16 at 8 or 16 kHz),
 * convert to the rate the sink wants and hand the PCM to the {@link AudioSink}; RFC 4733
 * telephone-events become one DTMF digit per key press.
 *
 * <p>Single-threaded (it runs on the endpoint's event loop) and allocation-free per packet: the
 * packet view and the decode buffers are reused. Packets it cannot use are counted, never thrown.
 */
final class RtpAudioReceiver {

  /** Largest payload decoded (bigger packets are dropped): 60 ms of L16 at 16 kHz. */
  static final int MAX_PAYLOAD_BYTES = 1920;

  private final RtpPacket packet = new RtpPacket();
  private final DtmfEventTracker dtmf = new DtmfEventTracker(d -> digit(d.digit()));
  private final short[] decoded = new short[MAX_PAYLOAD_BYTES];
  private final short[] converted = new short[2 * MAX_PAYLOAD_BYTES];

  private AudioSink sink = AudioSink.NONE;
  private int audioPt = -1;
  private int eventPt = -1;
  private Codec codec;
  private Resampler resampler;
  private boolean started;
  private long ssrc;
  private int lastSequence;

  // Counters (read from other threads for stats: plain longs are good enough for monitoring).
  private volatile long packets;
  private volatile long audioPackets;
  private volatile long eventPackets;
  private volatile long dropped;
  private volatile long digits;

  private enum Codec {
    PCMU,
    PCMA,
    L16
  }

  /**
   * The decoder for {@code audio}.
   *
   * @throws IllegalArgumentException for a codec or rate this receiver cannot handle
   */
  static Codec check(RtpCodec audio, int sinkRate) {
    String name = audio.encodingName().toUpperCase(Locale.ROOT);
    Codec c =
        switch (name) {
          case "PCMU" -> Codec.PCMU;
          case "PCMA" -> Codec.PCMA;
          case "L16" -> Codec.L16;
          default -> throw new IllegalArgumentException("cannot decode " + audio);
        };
    int rate = audio.clockRate();
    if ((c != Codec.L16 && rate != 8000) || (rate != 8000 && rate != 16000)) {
      throw new IllegalArgumentException("cannot decode " + audio);
    }
    if (audio.channels() != 1) {
      throw new IllegalArgumentException("only mono audio is supported: " + audio);
    }
    if (sinkRate != 8000 && sinkRate != 16000) {
      throw new IllegalArgumentException("sink rate must be 8000 or 16000: " + sinkRate);
    }
    return c;
  }

  /**
   * Sets what the stream carries, as negotiated in SDP.
   *
   * @param audio the chosen audio codec with its payload type
   * @param telephoneEvent the telephone-event payload, if negotiated
   * @param sinkRate the PCM rate the sink wants (8000 or 16000)
   * @throws IllegalArgumentException for a codec this receiver cannot decode
   */
  void configure(RtpCodec audio, Optional<RtpCodec> telephoneEvent, int sinkRate) {
    Codec c = check(audio, sinkRate);
    codec = c;
    int rate = audio.clockRate();
    audioPt = audio.payloadType();
    eventPt = telephoneEvent.map(RtpCodec::payloadType).orElse(-1);
    resampler =
        rate == sinkRate
            ? null
            : (rate < sinkRate ? Resampler.upsampler() : Resampler.downsampler());
    started = false;
    dtmf.reset();
  }

  void sink(AudioSink sink) {
    this.sink = sink == null ? AudioSink.NONE : sink;
  }

  /** Handles one datagram's bytes. */
  void onPacket(byte[] data, int offset, int length) {
    packets++;
    if (!packet.wrap(data, offset, length) || codec == null) {
      dropped++;
      return;
    }
    int pt = packet.payloadType();
    if (pt != audioPt && pt != eventPt) {
      dropped++;
      return;
    }
    int seq = packet.sequenceNumber();
    if (!started || packet.ssrc() != ssrc) {
      // A new source (first packet, or the sender restarted): start afresh.
      if (started && resampler != null) {
        resampler.reset();
      }
      if (started) {
        dtmf.flush();
        dtmf.reset();
      }
      started = true;
      ssrc = packet.ssrc();
    } else if (!RtpSequence.isAfter(seq, lastSequence)) {
      dropped++; // a duplicate or a packet that arrived after a later one
      return;
    }
    lastSequence = seq;
    if (pt == eventPt) {
      eventPackets++;
      dtmf.onPacket(packet);
      return;
    }
    int n = packet.payloadLength();
    if (n > MAX_PAYLOAD_BYTES || (codec == Codec.L16 && (n & 1) != 0)) {
      dropped++;
      return;
    }
    audioPackets++;
    int samples =
        switch (codec) {
          case PCMU -> G711.decodeUlaw(packet.array(), packet.payloadOffset(), n, decoded, 0);
          case PCMA -> G711.decodeAlaw(packet.array(), packet.payloadOffset(), n, decoded, 0);
          case L16 -> L16.decode(packet.array(), packet.payloadOffset(), n, decoded, 0);
        };
    if (samples == 0) {
      return;
    }
    if (resampler == null) {
      sink.onAudio(decoded, 0, samples);
    } else {
      int out = resampler.process(decoded, 0, samples, converted, 0);
      if (out > 0) {
        sink.onAudio(converted, 0, out);
      }
    }
  }

  private void digit(char d) {
    digits++;
    sink.onDtmf(d);
  }

  /** A snapshot of the counters. */
  RtpStats stats() {
    return new RtpStats(packets, audioPackets, eventPackets, dropped, digits);
  }
}
