package io.mrcpj.core.sdp;

import io.mrcpj.core.message.ChannelId;
import java.util.List;
import java.util.Optional;

/**
 * A view of an MRCPv2 control m-line (RFC 6787 section 4.2): {@code m=application <port> TCP/MRCPv2
 * 1} or {@code TCP/TLS/MRCPv2}, with {@code a=setup} (RFC 4145), {@code a=connection}, {@code
 * a=resource} (offer), {@code a=channel} (answer) and {@code a=cmid} pointing at the {@code a=mid}
 * of the audio m-lines the channel uses. Accessors never throw on odd values: a malformed attribute
 * reads as absent.
 */
public final class MrcpControlMedia {

  public static final String PROTO_TCP = "TCP/MRCPv2";
  public static final String PROTO_TLS = "TCP/TLS/MRCPv2";

  private final MediaDescription media;

  private MrcpControlMedia(MediaDescription media) {
    this.media = media;
  }

  /** True for {@code m=application} with an MRCPv2 proto (compared ignoring case). */
  public static boolean isControl(MediaDescription m) {
    return m.media().equalsIgnoreCase("application")
        && (m.proto().equalsIgnoreCase(PROTO_TCP) || m.proto().equalsIgnoreCase(PROTO_TLS));
  }

  /** The view of {@code m}, or empty when it is not a control m-line. */
  public static Optional<MrcpControlMedia> of(MediaDescription m) {
    return isControl(m) ? Optional.of(new MrcpControlMedia(m)) : Optional.empty();
  }

  public MediaDescription media() {
    return media;
  }

  public int port() {
    return media.port();
  }

  public boolean isTls() {
    return media.proto().equalsIgnoreCase(PROTO_TLS);
  }

  /** {@code active}, {@code passive}, {@code actpass} or {@code holdconn} (RFC 4145 section 4). */
  public Optional<String> setup() {
    return media.attribute("setup").map(String::strip);
  }

  public Optional<ConnectionMode> connection() {
    return media.attribute("connection").flatMap(ConnectionMode::parse);
  }

  /** The requested resource, e.g. {@code speechrecog} (offer side). */
  public Optional<String> resource() {
    return media.attribute("resource").map(String::strip).filter(r -> !r.isEmpty());
  }

  /** The allocated channel (answer side). */
  public Optional<ChannelId> channel() {
    return media.attribute("channel").flatMap(ChannelId::tryParse);
  }

  /** The {@code a=cmid} values in order; usually one. */
  public List<String> cmids() {
    return media.attributeValues("cmid").stream().map(String::strip).toList();
  }
}
