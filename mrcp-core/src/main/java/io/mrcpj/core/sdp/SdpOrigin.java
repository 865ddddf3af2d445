package io.mrcpj.core.sdp;

/**
 * An {@code o=} line (RFC 4566 section 5.2): username, session id, session version, network type,
 * address type and unicast address. The ids are kept as text: UniMRCP sends 64-bit values that do
 * not fit a signed long.
 */
public record SdpOrigin(
    String username,
    String sessionId,
    String sessionVersion,
    String netType,
    String addrType,
    String address) {

  public SdpOrigin {
    SdpText.checkToken("origin username", username);
    SdpText.checkToken("origin session id", sessionId);
    SdpText.checkToken("origin session version", sessionVersion);
    SdpText.checkToken("origin net type", netType);
    SdpText.checkToken("origin address type", addrType);
    SdpText.checkToken("origin address", address);
  }

  /** An {@code IN IP4|IP6} origin for {@code address}. */
  public static SdpOrigin of(String username, String sessionId, String version, String address) {
    SdpConnection c = SdpConnection.of(address);
    return new SdpOrigin(username, sessionId, version, c.netType(), c.addrType(), address);
  }

  @Override
  public String toString() {
    return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
  }
}
