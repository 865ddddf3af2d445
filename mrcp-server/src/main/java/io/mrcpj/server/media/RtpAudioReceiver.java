package io.mrcpj.server.media;

import io.mrcpj.core.media.DtmfDigit;
import io.mrcpj.core.media.DtmfEventTracker;
import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.G722;
import io.mrcpj.core.media.GoertzelDtmfDetector;
import io.mrcpj.core.media.L16;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.media.RtpSequence;
import io.mrcpj.core.sdp.RtpCodec;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The receive pipeline of one RTP stream (RFC 3550): validate the packet, keep to one SSRC, drop
 * duplicates and late packets, decode the negotiated codec (PCMU, PCMA, G.722, or L16 at 8 or 16
 * kHz), convert to the rate the sink wants and hand the PCM to the {@link AudioSink}; RFC 4733
 * telephone-events become one DTMF digit per key press.
 *
 * <p>In-band DTMF (the tones inside the audio, as FreeSWITCH sends them when telephone-event is not
 * negotiated) is detected with a {@link GoertzelDtmfDetector} on the decoded PCM at the codec's
 * rate, before resampling, and reported through the same {@link AudioSink#onDtmf}. A source that
 * sends RFC 4733 events may leave the tones in its audio too, so once a telephone-event packet of a
 * DTMF key (codes 0-15) arrives from an SSRC, in-band detection stops for that SSRC; if the
 * detector reported the same key just before (within {@link #DUPLICATE_WINDOW_MS} of audio), the
 * first RFC 4733 digit is taken for the same press and not reported again. In-band detection can be
 * switched off ({@code rtp.inband-dtmf: false}).
 *
 * <p>Single-threaded (it runs on the endpoint's event loop) and allocation-free per packet: the
 * packet view, the decode buffers and the detectors' listeners are reused (only a reported digit
 * allocates). Packets it cannot use are counted, never thrown.
 */
final class RtpAudioReceiver {

  /** Largest payload decoded (bigger packets are dropped): 60 ms of L16 at 16 kHz. */
  static final int MAX_PAYLOAD_BYTES = 1920;

  /**
   * An in-band digit reported at most this much audio before the first RFC 4733 event packet of a
   * stream is the same key press as that event's digit, if the digit matches (a sender that starts
   * its events late, or whose first event packets were lost).
   */
  static final int DUPLICATE_WINDOW_MS = 200;

  private final RtpPacket packet = new RtpPacket();
  private final DtmfEventTracker dtmf = new DtmfEventTracker(this::eventDigit);
  private final Consumer<DtmfDigit> inbandListener = this::inbandDigit;
  private final boolean inbandEnabled;
  private final short[] decoded = new short[MAX_PAYLOAD_BYTES];
  private final short[] converted = new short[2 * MAX_PAYLOAD_BYTES];

  private AudioSink sink = AudioSink.NONE;
  private int audioPt = -1;
  private int eventPt = -1;
  private Codec codec;
  private final G722.Decoder g722 = G722.decoder();
  private Resampler resampler;
  private boolean started;
  private boolean sourceKnown;
  private long ssrc;
  private int lastSequence;
  // In-band DTMF: the detector at the codec's rate (null when switched off).
  private GoertzelDtmfDetector inband;
  private int inbandRate;
  private boolean eventsSeen; // an RFC 4733 DTMF packet arrived from this SSRC: in-band is off
  private long audioSamples; // decoded samples of this SSRC, at the codec's rate
  private char lastInband; // last in-band digit of this SSRC, or 0
  private long lastInbandAt; // audioSamples when it was reported
  private char maybeDuplicate; // in-band digit the first RFC 4733 digit may repeat, or 0

  // Counters (read from other threads for stats: plain longs are good enough for monitoring).
  private volatile long packets;
  private volatile long audioPackets;
  private volatile long eventPackets;
  private volatile long dropped;
  private volatile long digits;
  private volatile long inbandDigits;
  private volatile long duplicates;
  private volatile long lost;

  /** A sequence jump this big or bigger is not counted as loss (RFC 3550 appendix A.1). */
  static final int MAX_DROPOUT = 3000;

  private volatile long late;
  // Shared per-codec meters (null: not counted there).
  private io.mrcpj.server.metrics.ServerMetrics.RtpMeters meters;

  /** A receiver with in-band DTMF detection on. */
  RtpAudioReceiver() {
    this(true);
  }

  /**
   * @param inbandDtmf whether to detect DTMF tones in the audio
   */
  RtpAudioReceiver(boolean inbandDtmf) {
    this.inbandEnabled = inbandDtmf;
  }

  private enum Codec {
    PCMU,
    PCMA,
    L16,
    G722
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
          case "G722" -> Codec.G722;
          default -> throw new IllegalArgumentException("cannot decode " + audio);
        };
    // G.722 says 8000 in SDP but carries 16 kHz audio (RFC 3551 section 4.5.2)
    int rate = audio.audioRate();
    boolean ok =
        switch (c) {
          case PCMU, PCMA -> rate == 8000;
          case L16 -> rate == 8000 || rate == 16000;
          case G722 -> audio.clockRate() == 8000;
        };
    if (!ok) {
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
    configure(audio, telephoneEvent, sinkRate, null);
  }

  /** As {@link #configure(RtpCodec, Optional, int)}, counting into the codec's shared meters. */
  void configure(
      RtpCodec audio,
      Optional<RtpCodec> telephoneEvent,
      int sinkRate,
      io.mrcpj.server.metrics.ServerMetrics.RtpMeters codecMeters) {
    Codec c = check(audio, sinkRate);
    meters = codecMeters;
    codec = c;
    int rate = audio.audioRate();
    g722.reset();
    audioPt = audio.payloadType();
    eventPt = telephoneEvent.map(RtpCodec::payloadType).orElse(-1);
    resampler =
        rate == sinkRate
            ? null
            : (rate < sinkRate ? Resampler.upsampler() : Resampler.downsampler());
    started = false;
    dtmf.reset();
    if (inbandEnabled && (inband == null || inbandRate != rate)) {
      inband = new GoertzelDtmfDetector(rate, inbandListener);
      inbandRate = rate;
    } else if (inband != null) {
      inband.reset();
    }
    if (eventPt < 0) {
      eventsSeen = false; // no RFC 4733 digit can come any more: listen to the tones again
    }
  }

  /** A new source (SSRC): in-band detection starts over. */
  private void restartInband() {
    if (inband != null) {
      inband.reset();
    }
    eventsSeen = false;
    audioSamples = 0;
    lastInband = 0;
    maybeDuplicate = 0;
  }

  void sink(AudioSink sink) {
    this.sink = sink == null ? AudioSink.NONE : sink;
  }

  /** Handles one datagram's bytes. */
  void onPacket(byte[] data, int offset, int length) {
    packets++;
    if (meters != null) {
      meters.packets().increment();
    }
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
        g722.reset();
      }
      if (started) {
        dtmf.flush();
        dtmf.reset();
      }
      if (!sourceKnown || packet.ssrc() != ssrc) {
        restartInband(); // a re-configured stream from the same source keeps its state
      }
      started = true;
      sourceKnown = true;
      ssrc = packet.ssrc();
    } else if (!RtpSequence.isAfter(seq, lastSequence)) {
      dropped++; // a duplicate or a packet that arrived after a later one
      late++;
      if (meters != null) {
        meters.late().increment();
      }
      return;
    } else {
      int gap = ((seq - lastSequence) & 0xFFFF) - 1;
      if (gap > 0 && gap < MAX_DROPOUT) { // a bigger jump is a sender restart (RFC 3550 A.1)
        lost += gap;
        if (meters != null) {
          meters.lost().increment(gap);
        }
      }
    }
    lastSequence = seq;
    if (pt == eventPt) {
      eventPackets++;
      if (!eventsSeen && isDtmfEvent()) {
        // from now on this source's digits come as events: tones it leaves in the audio are not
        // reported again; one reported just before is probably this very key press
        eventsSeen = true;
        if (lastInband != 0
            && audioSamples - lastInbandAt <= (long) inbandRate * DUPLICATE_WINDOW_MS / 1000) {
          maybeDuplicate = lastInband;
        }
      }
      dtmf.onPacket(packet);
      return;
    }
    int n = packet.payloadLength();
    if (n > (codec == Codec.G722 ? MAX_PAYLOAD_BYTES / 2 : MAX_PAYLOAD_BYTES)
        || (codec == Codec.L16 && (n & 1) != 0)) {
      dropped++;
      return;
    }
    audioPackets++;
    int samples =
        switch (codec) {
          case PCMU -> G711.decodeUlaw(packet.array(), packet.payloadOffset(), n, decoded, 0);
          case PCMA -> G711.decodeAlaw(packet.array(), packet.payloadOffset(), n, decoded, 0);
          case L16 -> L16.decode(packet.array(), packet.payloadOffset(), n, decoded, 0);
          case G722 -> g722.decode(packet.array(), packet.payloadOffset(), n, decoded, 0);
        };
    if (samples == 0) {
      return;
    }
    audioSamples += samples;
    if (inband != null && !eventsSeen) {
      inband.process(decoded, 0, samples);
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

  /** Whether the telephone-event packet in {@link #packet} carries a DTMF key (events 0-15). */
  private boolean isDtmfEvent() {
    return packet.payloadLength() >= 4 && (packet.array()[packet.payloadOffset()] & 0xFF) <= 15;
  }

  private void eventDigit(DtmfDigit d) {
    char dup = maybeDuplicate;
    maybeDuplicate = 0;
    if (dup == d.digit()) {
      duplicates++;
      return;
    }
    digit(d.digit());
  }

  private void inbandDigit(DtmfDigit d) {
    lastInband = d.digit();
    lastInbandAt = audioSamples;
    inbandDigits++;
    digit(d.digit());
  }

  private void digit(char d) {
    digits++;
    sink.onDtmf(d);
  }

  /** A snapshot of the counters. */
  RtpStats stats() {
    return new RtpStats(packets, audioPackets, eventPackets, dropped, digits);
  }

  /**
   * Packets missing from the sequence when a later one arrived (gaps; not reduced by late ones).
   */
  long lost() {
    return lost;
  }

  /** Packets dropped because they arrived after a later one (or twice). */
  long late() {
    return late;
  }

  /** Digits detected in band (also counted in {@link RtpStats#digits()}). */
  long inbandDigits() {
    return inbandDigits;
  }

  /** RFC 4733 digits not reported because in-band detection had reported the same press. */
  long duplicatesSuppressed() {
    return duplicates;
  }
}
