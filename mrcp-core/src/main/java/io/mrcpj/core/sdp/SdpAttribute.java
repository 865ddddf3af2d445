package io.mrcpj.core.sdp;

/**
 * One {@code a=} line (RFC 4566 section 5.13): a property attribute ({@code a=recvonly}, value
 * {@code null}) or a value attribute ({@code a=rtpmap:0 PCMU/8000}).
 *
 * @param name the attribute name, a non-empty token (case kept as received)
 * @param value the text after the first colon, or {@code null} for a property attribute
 */
public record SdpAttribute(String name, String value) {

  public SdpAttribute {
    SdpText.checkToken("attribute name", name);
    if (name.indexOf(':') >= 0) {
      throw new IllegalArgumentException("attribute name contains ':': " + name);
    }
    if (value != null) {
      SdpText.checkValue("attribute value", value);
    }
  }

  /** A property attribute such as {@code recvonly}. */
  public static SdpAttribute property(String name) {
    return new SdpAttribute(name, null);
  }

  /** A value attribute such as {@code ptime:20}. */
  public static SdpAttribute of(String name, String value) {
    return new SdpAttribute(name, SdpText.checkValue("attribute value", value));
  }

  /** True when the name equals {@code other} ignoring case (SDP attribute names are tokens). */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }

  /** The line body after {@code a=}. */
  @Override
  public String toString() {
    return value == null ? name : name + ":" + value;
  }
}
