package io.mrcpj.core.sdp;

/**
 * A {@code c=} line (RFC 4566 section 5.7): {@code IN IP4 192.0.2.1}. A multicast TTL or address
 * count ({@code /127/3}) stays part of {@link #address()}.
 */
public record SdpConnection(String netType, String addrType, String address) {

  public SdpConnection {
    SdpText.checkToken("net type", netType);
    SdpText.checkToken("address type", addrType);
    SdpText.checkToken("connection address", address);
  }

  /** {@code IN IP4 address}, or {@code IN IP6 address} when the address contains a colon. */
  public static SdpConnection of(String address) {
    return new SdpConnection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
  }

  /** The host part of the address, without a multicast {@code /ttl} suffix. */
  public String host() {
    int slash = address.indexOf('/');
    return slash < 0 ? address : address.substring(0, slash);
  }

  @Override
  public String toString() {
    return netType + " " + addrType + " " + address;
  }
}
