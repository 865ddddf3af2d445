package io.mrcpj.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the one codec the server answers for an offered audio stream (RFC 6787 section 4.2 and
 * RFC 3264 section 6.1: an answer may list a subset of the offered formats, and MRCP servers list
 * exactly one), plus {@code telephone-event} (RFC 4733 section 7.1.1) at the same clock rate when
 * it was offered. The offerer's payload type numbers are kept.
 *
 * <p>Among the offered codecs that are supported, a codec whose audio is sampled at 16 kHz or more
 * wins when {@link #preferWideband()} (the speech engine works at 16 kHz, so it saves resampling
 * and keeps more signal); ties are broken by the offerer's order or by ours ({@link Order}). The
 * audio rate is {@link RtpCodec#audioRate()}, not the clock rate: G.722 is wideband although SDP
 * gives it a clock rate of 8000 (RFC 3551 section 4.5.2). telephone-event is matched on the clock
 * rate, since its timestamps run on the audio stream's RTP clock (RFC 4733), so G.722 goes with
 * {@code telephone-event/8000}. Immutable.
 */
public final class CodecSelector {

  /** Whose preference order breaks ties. */
  public enum Order {
    /** The first supported codec in the offer's m-line order (RFC 3264 section 6.1 advice). */
    OFFERER,
    /** The first codec of our supported list that the offer contains. */
    OURS
  }

  /**
   * PCMU/8000, PCMA/8000, L16/8000, L16/16000, G722/8000 in this order (G.722 last of the wideband
   * ones: L16 is lossless, which only matters for {@link Order#OURS}).
   */
  public static final List<RtpCodec> DEFAULT_SUPPORTED =
      List.of(
          RtpCodec.format("PCMU", 8000),
          RtpCodec.format("PCMA", 8000),
          RtpCodec.L16_8K,
          RtpCodec.L16_16K,
          RtpCodec.G722);

  private static final int WIDEBAND_HZ = 16000;

  private static final CodecSelector DEFAULT =
      new CodecSelector(DEFAULT_SUPPORTED, Order.OFFERER, true);

  private final List<RtpCodec> supported;
  private final Order order;
  private final boolean preferWideband;

  /**
   * @param supported the formats we can receive, in our preference order (payload types ignored)
   * @param order whose order breaks ties
   * @param preferWideband choose a codec with audio of 16 kHz or more when the offer has one
   */
  public CodecSelector(List<RtpCodec> supported, Order order, boolean preferWideband) {
    this.supported = List.copyOf(supported);
    this.order = Objects.requireNonNull(order, "order");
    this.preferWideband = preferWideband;
    if (this.supported.isEmpty()) {
      throw new IllegalArgumentException("no supported codecs");
    }
  }

  /** The default: {@link #DEFAULT_SUPPORTED}, offerer's order, 16 kHz preferred. */
  public static CodecSelector defaults() {
    return DEFAULT;
  }

  public List<RtpCodec> supported() {
    return supported;
  }

  public Order order() {
    return order;
  }

  public boolean preferWideband() {
    return preferWideband;
  }

  /** The choice for {@code offered} (the offer's codecs in m-line order), or empty if none fits. */
  public Optional<CodecSelection> select(List<RtpCodec> offered) {
    List<RtpCodec> candidates = new ArrayList<>();
    for (RtpCodec c : offered) {
      if (!c.isTelephoneEvent() && rank(c) >= 0) {
        candidates.add(c);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    if (preferWideband && candidates.stream().anyMatch(c -> c.audioRate() >= WIDEBAND_HZ)) {
      candidates.removeIf(c -> c.audioRate() < WIDEBAND_HZ);
    }
    RtpCodec chosen = candidates.get(0);
    if (order == Order.OURS) {
      for (RtpCodec c : candidates) {
        if (rank(c) < rank(chosen)) {
          chosen = c;
        }
      }
    }
    RtpCodec event = null;
    for (RtpCodec c : offered) {
      if (c.isTelephoneEvent() && c.clockRate() == chosen.clockRate()) {
        event = c;
        break;
      }
    }
    return Optional.of(new CodecSelection(chosen, Optional.ofNullable(event)));
  }

  private int rank(RtpCodec c) {
    for (int i = 0; i < supported.size(); i++) {
      if (supported.get(i).sameFormat(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The result of {@link #select}.
   *
   * @param codec the chosen codec with the offerer's payload type
   * @param telephoneEvent the offered telephone-event at the codec's clock rate, if any
   */
  public record CodecSelection(RtpCodec codec, Optional<RtpCodec> telephoneEvent) {
    public CodecSelection {
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(telephoneEvent, "telephoneEvent");
    }
  }
}
