package io.mrcpj.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a client's offer (RFC 6787 section 4.2): per requested resource one control m-line ({@code
 * m=application 9 TCP/MRCPv2 1}, port 9 being the discard port an active TCP endpoint uses, RFC
 * 4145 section 4; {@code a=setup:active}, {@code a=connection}, {@code a=resource}, {@code
 * a=cmid:N}) followed by its audio m-line ({@code a=mid:N}). The recognizer's audio is sendonly
 * (the client sends speech), the synthesizer's recvonly, others sendrecv. Resources added together
 * with {@link #addResources} share one audio m-line instead, as UniMRCP's client offers a
 * recognizer and a synthesizer of one call: their control m-lines all name it in {@code a=cmid},
 * and its direction covers them all (sendrecv for a synthesizer with a recognizer). At most {@link
 * #MAX_RESOURCES} resources.
 */
public final class MrcpOfferBuilder {

  /** Far more than any MRCP session needs; keeps the offer small. */
  public static final int MAX_RESOURCES = 16;

  private final String localAddress;

  /** Per audio m-line, the resources sharing it. */
  private final List<List<String>> groups = new ArrayList<>();

  private final List<Integer> rtpPorts = new ArrayList<>();
  private int resourceCount;
  private List<RtpCodec> codecs = List.of(RtpCodec.PCMU, RtpCodec.PCMA);
  private RtpCodec telephoneEvent = new RtpCodec(101, RtpCodec.TELEPHONE_EVENT, 8000, 1);
  private ConnectionMode connectionMode = ConnectionMode.NEW;
  private boolean tls;
  private int ptime = 20;
  private SdpOrigin origin;

  private MrcpOfferBuilder(String localAddress) {
    this.localAddress = SdpText.checkToken("local address", localAddress);
  }

  /** An offer from {@code localAddress} (the {@code c=} and {@code o=} address). */
  public static MrcpOfferBuilder from(String localAddress) {
    return new MrcpOfferBuilder(localAddress);
  }

  /** Requests {@code resource} with its audio at local {@code rtpPort}. */
  public MrcpOfferBuilder addResource(String resource, int rtpPort) {
    return addResources(List.of(resource), rtpPort);
  }

  /**
   * Requests {@code resources} sharing one audio stream at local {@code rtpPort}: a control m-line
   * each, all with the same {@code a=cmid}, then one audio m-line.
   *
   * @throws IllegalArgumentException for no resource, a resource named twice, or a bad port
   */
  public MrcpOfferBuilder addResources(List<String> resources, int rtpPort) {
    if (resources.isEmpty() || resources.stream().distinct().count() != resources.size()) {
      throw new IllegalArgumentException("resources must be distinct and not empty: " + resources);
    }
    resources.forEach(r -> SdpText.checkToken("resource", r));
    if (rtpPort < 1 || rtpPort > 65535) {
      throw new IllegalArgumentException("RTP port out of range: " + rtpPort);
    }
    if (resourceCount + resources.size() > MAX_RESOURCES) {
      throw new IllegalStateException("more than " + MAX_RESOURCES + " resources");
    }
    groups.add(List.copyOf(resources));
    rtpPorts.add(rtpPort);
    resourceCount += resources.size();
    return this;
  }

  /**
   * The offered codecs in preference order, each with its payload type (dynamic ones get an {@code
   * rtpmap}; every codec does, as UniMRCP does). Default PCMU, PCMA.
   */
  public MrcpOfferBuilder codecs(List<RtpCodec> offered) {
    List<RtpCodec> copy = List.copyOf(offered);
    if (copy.isEmpty()
        || copy.stream().anyMatch(c -> c.payloadType() == RtpCodec.ANY_PAYLOAD_TYPE)) {
      throw new IllegalArgumentException("codecs need payload types: " + offered);
    }
    this.codecs = copy;
    return this;
  }

  /** telephone-event to offer ({@code null}: none). Default payload type 101 at 8000 Hz. */
  public MrcpOfferBuilder telephoneEvent(RtpCodec telephoneEvent) {
    this.telephoneEvent = telephoneEvent;
    return this;
  }

  public MrcpOfferBuilder connectionMode(ConnectionMode mode) {
    this.connectionMode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  public MrcpOfferBuilder tls(boolean tls) {
    this.tls = tls;
    return this;
  }

  /** {@code a=ptime} in ms; 0 leaves it out. Default 20. */
  public MrcpOfferBuilder ptime(int ptime) {
    if (ptime < 0) {
      throw new IllegalArgumentException("ptime must not be negative");
    }
    this.ptime = ptime;
    return this;
  }

  public MrcpOfferBuilder origin(SdpOrigin origin) {
    this.origin = origin;
    return this;
  }

  public SessionDescription build() {
    if (groups.isEmpty()) {
      throw new IllegalStateException("no resource requested");
    }
    SdpOrigin o =
        origin != null
            ? origin
            : SdpOrigin.of("mrcpj", Long.toUnsignedString(System.nanoTime()), "0", localAddress);
    SessionDescription.Builder s =
        SessionDescription.builder(o).connection(SdpConnection.of(localAddress));
    for (int i = 0; i < groups.size(); i++) {
      String tag = Integer.toString(i + 1);
      for (String resource : groups.get(i)) {
        s.addMedia(
            MediaDescription.builder(
                    "application", 9, tls ? MrcpControlMedia.PROTO_TLS : MrcpControlMedia.PROTO_TCP)
                .addFormat("1")
                .addAttribute("setup", "active")
                .addAttribute("connection", connectionMode.value())
                .addAttribute("resource", resource)
                .addAttribute("cmid", tag)
                .build());
      }
      s.addMedia(audio(groups.get(i), rtpPorts.get(i), tag));
    }
    return s.build();
  }

  /** The client's direction for one resource's audio: it sends speech, receives speech, or both. */
  private static MediaDirection direction(String resource) {
    return switch (resource) {
      case "speechrecog", "recorder", "speakverify" -> MediaDirection.SENDONLY;
      case "speechsynth" -> MediaDirection.RECVONLY;
      default -> MediaDirection.SENDRECV;
    };
  }

  private MediaDescription audio(List<String> sharing, int port, String tag) {
    MediaDescription.Builder m = MediaDescription.builder("audio", port, "RTP/AVP");
    codecs.forEach(c -> m.addFormat(Integer.toString(c.payloadType())));
    if (telephoneEvent != null) {
      m.addFormat(Integer.toString(telephoneEvent.payloadType()));
    }
    codecs.forEach(c -> m.addAttribute("rtpmap", c.rtpmap()));
    if (telephoneEvent != null) {
      m.addAttribute("rtpmap", telephoneEvent.rtpmap());
      m.addAttribute("fmtp", telephoneEvent.payloadType() + " 0-15");
    }
    MediaDirection d = direction(sharing.get(0));
    for (String r : sharing) {
      if (direction(r) != d) {
        d = MediaDirection.SENDRECV;
      }
    }
    m.addProperty(d.attributeName());
    if (ptime > 0) {
      m.addAttribute("ptime", Integer.toString(ptime));
    }
    m.addAttribute("mid", tag);
    return m.build();
  }
}
