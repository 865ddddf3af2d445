package io.mrcpj.server.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may talk to a listener: a list of addresses and networks in CIDR form ({@code
 * 10.0.0.0/8}, {@code 192.0.2.7}, {@code ::1}, {@code fd00::/8}). An empty list lets everyone in.
 * Entries must be literal addresses: host names are refused, so that nothing is looked up in DNS.
 * Immutable and safe on any thread.
 */
public final class AddressFilter {

  private static final AddressFilter ANYONE = new AddressFilter(List.of(), List.of(), List.of());

  private final List<byte[]> networks;
  private final List<Integer> prefixes;
  private final List<String> text;

  private AddressFilter(List<byte[]> networks, List<Integer> prefixes, List<String> text) {
    this.networks = networks;
    this.prefixes = prefixes;
    this.text = text;
  }

  /** A filter that lets everyone in. */
  public static AddressFilter anyone() {
    return ANYONE;
  }

  /**
   * Parses the entries.
   *
   * @param setting the setting's name, for messages
   * @throws IllegalArgumentException naming the entry that is not an address or a network
   */
  public static AddressFilter of(String setting, List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return ANYONE;
    }
    List<byte[]> nets = new ArrayList<>();
    List<Integer> prefixes = new ArrayList<>();
    List<String> text = new ArrayList<>();
    for (String raw : entries) {
      String e = raw == null ? "" : raw.trim();
      int slash = e.indexOf('/');
      String addr = slash < 0 ? e : e.substring(0, slash);
      byte[] bytes = literal(setting, raw, addr);
      int max = bytes.length * 8;
      int prefix = max;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException ex) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > max) {
          throw new IllegalArgumentException(
              setting + ": bad prefix length in '" + raw + "' (0 to " + max + ")");
        }
      }
      nets.add(bytes);
      prefixes.add(prefix);
      text.add(e);
    }
    return new AddressFilter(List.copyOf(nets), List.copyOf(prefixes), List.copyOf(text));
  }

  private static byte[] literal(String setting, String raw, String addr) {
    boolean v4 = addr.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = addr.contains(":") && addr.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException(
          setting + ": '" + raw + "' is not an IP address or network (e.g. 10.0.0.0/8, ::1)");
    }
    try {
      // a literal address: getByName parses it without any lookup
      return InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException ex) {
      throw new IllegalArgumentException(setting + ": '" + raw + "' is not an IP address", ex);
    }
  }

  /** True when every peer is allowed. */
  public boolean allowsAnyone() {
    return networks.isEmpty();
  }

  /** True when {@code address} may connect. IPv4-mapped IPv6 addresses match IPv4 entries. */
  public boolean allows(InetAddress address) {
    if (networks.isEmpty()) {
      return true;
    }
    if (address == null) {
      return false;
    }
    byte[] a = address.getAddress();
    byte[] mapped = ipv4Mapped(a);
    for (int i = 0; i < networks.size(); i++) {
      byte[] n = networks.get(i);
      if (matches(n, prefixes.get(i), a)
          || (mapped != null && matches(n, prefixes.get(i), mapped))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link #allows(InetAddress)} for an address in text form (as a SIP stack reports a peer), with
   * or without IPv6 brackets; anything but a literal address is refused, nothing is looked up.
   */
  public boolean allowsLiteral(String address) {
    if (networks.isEmpty()) {
      return true;
    }
    if (address == null) {
      return false;
    }
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    try {
      return allows(InetAddress.getByAddress(literal("address", a, a)));
    } catch (IllegalArgumentException | UnknownHostException e) {
      return false;
    }
  }

  /** {@link #allows(InetAddress)} for a socket address; unresolved or unknown kinds are refused. */
  public boolean allows(SocketAddress address) {
    if (networks.isEmpty()) {
      return true;
    }
    return address instanceof InetSocketAddress isa && allows(isa.getAddress());
  }

  private static boolean matches(byte[] net, int prefix, byte[] a) {
    if (net.length != a.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (net[i] != a[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (net[full] & mask) == (a[full] & mask);
  }

  private static byte[] ipv4Mapped(byte[] a) {
    if (a.length != 16) {
      return null;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return null;
      }
    }
    if (a[10] != (byte) 0xFF || a[11] != (byte) 0xFF) {
      return null;
    }
    return new byte[] {a[12], a[13], a[14], a[15]};
  }

  @Override
  public String toString() {
    return networks.isEmpty() ? "anyone" : String.join(", ", text);
  }
}
