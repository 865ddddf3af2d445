package io.mrcpj.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressFilterTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void anEmptyListLetsEveryoneIn() throws Exception {
    AddressFilter f = AddressFilter.of("x", List.of());
    assertThat(f.allowsAnyone()).isTrue();
    assertThat(f.allows(ip("203.0.113.9"))).isTrue();
    assertThat(f.allowsLiteral("anything")).isTrue();
    assertThat(AddressFilter.of("x", null).allowsAnyone()).isTrue();
  }

  @Test
  void ipv4NetworksMatchByPrefix() throws Exception {
    AddressFilter f =
        AddressFilter.of("x", List.of("10.0.0.0/8", "192.168.1.0/25", "198.51.100.7"));
    assertThat(f.allows(ip("10.200.3.4"))).isTrue();
    assertThat(f.allows(ip("11.0.0.1"))).isFalse();
    assertThat(f.allows(ip("192.168.1.127"))).isTrue();
    assertThat(f.allows(ip("192.168.1.128"))).as("outside the /25").isFalse();
    assertThat(f.allows(ip("198.51.100.7"))).isTrue();
    assertThat(f.allows(ip("198.51.100.8"))).as("a single address is a /32").isFalse();
    assertThat(f.allows((InetAddress) null)).isFalse();
  }

  @Test
  void oddPrefixLengthsCompareOnlyTheirBits() throws Exception {
    AddressFilter f = AddressFilter.of("x", List.of("172.16.0.0/12"));
    assertThat(f.allows(ip("172.31.255.255"))).isTrue();
    assertThat(f.allows(ip("172.32.0.0"))).isFalse();
    assertThat(f.allows(ip("172.15.255.255"))).isFalse();
    assertThat(AddressFilter.of("x", List.of("0.0.0.0/0")).allows(ip("8.8.8.8"))).isTrue();
  }

  @Test
  void ipv6NetworksAndIpv4MappedAddresses() throws Exception {
    AddressFilter f = AddressFilter.of("x", List.of("fd00::/8", "::1", "127.0.0.0/8"));
    assertThat(f.allows(ip("fd12:3456::1"))).isTrue();
    assertThat(f.allows(ip("fe80::1"))).isFalse();
    assertThat(f.allows(ip("::1"))).isTrue();
    assertThat(f.allows(ip("::ffff:127.0.0.1"))).as("IPv4-mapped").isTrue();
    assertThat(f.allows(ip("::ffff:10.0.0.1"))).isFalse();
    assertThat(f.allows(ip("10.0.0.1"))).as("an IPv4 address against IPv6 entries").isFalse();
  }

  @Test
  void socketAddressesAndLiteralsAsAStackReportsThem() throws Exception {
    AddressFilter f = AddressFilter.of("x", List.of("127.0.0.0/8", "::1"));
    assertThat(f.allows(new InetSocketAddress("127.0.0.1", 5060))).isTrue();
    assertThat(f.allows(InetSocketAddress.createUnresolved("localhost", 5060))).isFalse();
    assertThat(f.allowsLiteral("127.0.0.1")).isTrue();
    assertThat(f.allowsLiteral("[::1]")).isTrue();
    assertThat(f.allowsLiteral("192.0.2.1")).isFalse();
    assertThat(f.allowsLiteral("localhost")).as("names are never looked up").isFalse();
    assertThat(f.allowsLiteral(null)).isFalse();
  }

  @Test
  void badEntriesAreRefusedNamingTheSettingAndTheEntry() {
    assertThatThrownBy(() -> AddressFilter.of("sip.allow", List.of("localhost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sip.allow")
        .hasMessageContaining("'localhost' is not an IP address or network");
    assertThatThrownBy(() -> AddressFilter.of("mrcp.allow", List.of("10.0.0.0/33")))
        .hasMessageContaining("mrcp.allow: bad prefix length in '10.0.0.0/33' (0 to 32)");
    assertThatThrownBy(() -> AddressFilter.of("x", List.of("::1/x")))
        .hasMessageContaining("bad prefix length");
    assertThatThrownBy(() -> AddressFilter.of("x", List.of("300.1.1.1")))
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> AddressFilter.of("x", List.of("")))
        .hasMessageContaining("is not an IP address or network");
  }

  @Test
  void describesItself() {
    assertThat(AddressFilter.anyone()).hasToString("anyone");
    assertThat(AddressFilter.of("x", List.of(" 10.0.0.0/8 ", "::1")))
        .hasToString("10.0.0.0/8, ::1");
  }
}
