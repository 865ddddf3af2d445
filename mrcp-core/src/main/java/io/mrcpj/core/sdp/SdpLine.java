package io.mrcpj.core.sdp;

/**
 * A line the model has no field for ({@code i=}, {@code u=}, {@code e=}, {@code p=}, {@code r=},
 * {@code z=}, {@code k=}, or a type letter unknown to RFC 4566), kept so that a re-written
 * description loses nothing (RFC 4566 section 5: unknown types are ignored, not rejected).
 *
 * @param type the type letter
 * @param value the text after {@code =}
 */
public record SdpLine(char type, String value) {

  public SdpLine {
    if (type < 'a' || type > 'z') {
      throw new IllegalArgumentException("SDP line type must be a lower-case letter: " + type);
    }
    SdpText.checkValue("line value", value);
  }

  @Override
  public String toString() {
    return type + "=" + value;
  }
}
