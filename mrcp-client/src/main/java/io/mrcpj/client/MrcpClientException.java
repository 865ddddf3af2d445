package io.mrcpj.client;

/**
 * The transport failed: SIP got no answer, the MRCP connection could not be made or dropped, the
 * client was closed. An MRCP 4xx is not an exception: it is a response the caller reads.
 */
public class MrcpClientException extends Exception {
  private static final long serialVersionUID = 1L;

  public MrcpClientException(String message) {
    super(message);
  }

  public MrcpClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
