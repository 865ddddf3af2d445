package io.mrcpj.core.sdp;

/**
 * An offer that parses but cannot be answered: no usable MRCP control m-line. The SIP layer answers
 * it with 488 Not Acceptable Here (RFC 3261 section 21.4.26; RFC 3264 section 6). Unsupported
 * resources or codecs are not errors: they are refused with port 0 in the answer.
 */
public final class SdpNegotiationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The SIP status the SIP layer should send. */
  public static final int SIP_STATUS = 488;

  public SdpNegotiationException(String message) {
    super(message);
  }
}
