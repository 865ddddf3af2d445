package io.mrcpj.client;

/** The SIP transport the client uses to set up sessions. */
public enum SipTransport {
  UDP,
  TCP,
  /** SIP over TLS; needs {@link MrcpClient.Builder#tls} for the certificates to trust. */
  TLS
}
