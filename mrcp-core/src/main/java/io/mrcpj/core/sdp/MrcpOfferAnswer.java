package io.mrcpj.core.sdp;

import io.mrcpj.core.message.ChannelId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the MRCPv2 server's SDP answer to a client's offer (RFC 6787 sections 4.2 and 4.4 on the
 * offer/answer model of RFC 3264).
 *
 * <p>Per offered m-line, in the offer's order (RFC 3264 section 6: same count, same order):
 *
 * <ul>
 *   <li>an m-line offered with port 0 (a re-INVITE removing a resource, RFC 3264 section 8.2) is
 *       answered with port 0;
 *   <li>a control m-line whose resource the allocator refuses, that has no {@code a=resource}, or
 *       whose transport (TCP or TLS) we do not serve is refused with port 0;
 *   <li>an accepted control m-line gets {@code m=application <port> TCP/MRCPv2 1} (or {@code
 *       TCP/TLS/MRCPv2}), {@code a=setup:passive}, {@code a=connection}, {@code a=channel} and the
 *       offer's {@code a=cmid} values;
 *   <li>an audio m-line gets the one codec of {@link CodecSelector} plus telephone-event when
 *       offered, with the offerer's payload numbers and {@code fmtp}, the reversed direction,
 *       {@code a=ptime} when offered and the offer's {@code a=mid}; no common codec, a proto other
 *       than RTP/AVP, or an audio line only used by refused channels gives port 0;
 *   <li>any other m-line (video, unknown) is refused with port 0.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class MrcpOfferAnswer {

  private static final String RTP_AVP = "RTP/AVP";

  private MrcpOfferAnswer() {}

  /**
   * The answer to {@code offer}.
   *
   * @throws SdpNegotiationException when the offer has no control m-line with a non-zero port and a
   *     transport we serve (the SIP layer answers 488)
   */
  public static SessionDescription answer(SessionDescription offer, MrcpAnswerParameters params)
      throws SdpNegotiationException {
    List<MediaDescription> offered = offer.media();
    boolean usable = false;
    for (MediaDescription m : offered) {
      if (MrcpControlMedia.isControl(m) && !m.isDisabled() && transportMatches(m, params)) {
        usable = true;
      }
    }
    if (!usable) {
      throw new SdpNegotiationException(
          "no usable MRCP control m-line ("
              + (params.tls() ? "TCP/TLS/MRCPv2" : "TCP/MRCPv2")
              + ")");
    }

    List<MediaDescription> answered = new ArrayList<>(offered.size());
    Set<String> acceptedMids = new HashSet<>();
    Set<String> refusedMids = new HashSet<>();
    for (MediaDescription m : offered) {
      if (MrcpControlMedia.isControl(m)) {
        MediaDescription a = control(m, params);
        List<String> cmids = MrcpControlMedia.of(m).orElseThrow().cmids();
        (a.isDisabled() ? refusedMids : acceptedMids).addAll(cmids);
        answered.add(a);
      } else {
        answered.add(null); // audio is answered once every channel's fate is known
      }
    }
    for (int i = 0; i < offered.size(); i++) {
      if (answered.get(i) == null) {
        answered.set(i, audio(offer, offered.get(i), i, params, acceptedMids, refusedMids));
      }
    }

    SessionDescription.Builder b =
        SessionDescription.builder(params.origin())
            .connection(SdpConnection.of(params.localAddress()));
    answered.forEach(b::addMedia);
    return b.build();
  }

  private static boolean transportMatches(MediaDescription m, MrcpAnswerParameters params) {
    return MrcpControlMedia.of(m).map(c -> c.isTls() == params.tls()).orElse(false);
  }

  private static MediaDescription control(MediaDescription m, MrcpAnswerParameters params) {
    MrcpControlMedia offered = MrcpControlMedia.of(m).orElseThrow();
    if (m.isDisabled() || !transportMatches(m, params)) {
      return refused(m);
    }
    Optional<String> resource = offered.resource();
    if (resource.isEmpty() || ChannelId.tryParse("x@" + resource.get()).isEmpty()) {
      return refused(m); // no resource, or one that cannot form a channel id (blank, '@')
    }
    List<String> cmids = offered.cmids();
    String id = params.channels().allocate(cmids.isEmpty() ? "" : cmids.get(0), resource.get());
    if (id == null) {
      return refused(m);
    }
    ChannelId channel = new ChannelId(id, io.mrcpj.core.message.MrcpResource.of(resource.get()));
    MediaDescription.Builder b =
        MediaDescription.builder("application", params.mrcpPort(), m.proto())
            .addFormat("1")
            .addAttribute("setup", "passive")
            .addAttribute("connection", params.connectionMode().value())
            .addAttribute("channel", channel.toString());
    cmids.forEach(c -> b.addAttribute("cmid", c));
    return b.build();
  }

  private static MediaDescription audio(
      SessionDescription offer,
      MediaDescription m,
      int index,
      MrcpAnswerParameters params,
      Set<String> acceptedMids,
      Set<String> refusedMids) {
    Optional<AudioMedia> view = AudioMedia.of(m, offer);
    if (view.isEmpty() || m.isDisabled() || !m.proto().equalsIgnoreCase(RTP_AVP)) {
      return refused(m);
    }
    AudioMedia audio = view.get();
    String mid = audio.mid().orElse("");
    if (refusedMids.contains(mid) && !acceptedMids.contains(mid)) {
      return refused(m); // only refused channels would have used this stream
    }
    Optional<CodecSelector.CodecSelection> sel = params.codecs().select(audio.codecs());
    if (sel.isEmpty()) {
      return refused(m);
    }
    RtpCodec codec = sel.get().codec();
    Optional<RtpCodec> event = sel.get().telephoneEvent();
    int port = params.rtpPorts().port(index, mid);
    MediaDescription.Builder b =
        MediaDescription.builder("audio", port, m.proto())
            .addFormat(Integer.toString(codec.payloadType()));
    event.ifPresent(e -> b.addFormat(Integer.toString(e.payloadType())));
    b.addAttribute("rtpmap", codec.rtpmap());
    audio.fmtp(codec.payloadType()).ifPresent(f -> b.addAttribute("fmtp", fmtp(codec, f)));
    event.ifPresent(
        e -> {
          b.addAttribute("rtpmap", e.rtpmap());
          // RFC 4733 section 7.1.1: without fmtp the events are 0-15; echo what was offered
          b.addAttribute("fmtp", fmtp(e, audio.fmtp(e.payloadType()).orElse("0-15")));
        });
    b.addProperty(audio.direction().reverse().attributeName());
    audio.ptime().ifPresent(p -> b.addAttribute("ptime", Integer.toString(p)));
    audio.mid().ifPresent(v -> b.addAttribute("mid", v));
    return b.build();
  }

  private static String fmtp(RtpCodec c, String params) {
    return params.isEmpty() ? Integer.toString(c.payloadType()) : c.payloadType() + " " + params;
  }

  /**
   * The offered m-line with port 0 and no attributes (RFC 3264 section 6: a refused stream keeps
   * its media type and formats). An empty format list stays empty, as offered.
   */
  private static MediaDescription refused(MediaDescription m) {
    MediaDescription.Builder b = MediaDescription.builder(m.media(), 0, m.proto());
    m.formats().forEach(b::addFormat);
    return b.build();
  }
}
