package io.mrcpj.client;

/** How {@link ClientSession#sendDtmf} sends key presses. */
public enum DtmfMode {
  /**
   * RFC 4733 telephone-event packets in the RTP stream (section 2.5), with the payload type the
   * server accepted; they replace the audio while a key is down. Needs telephone-event in the
   * session's SDP ({@link ClientSession#telephoneEvent()}).
   */
  RFC4733,
  /**
   * The key's two ITU-T Q.23 tones inside the audio, as a phone without RFC 4733 sends them (the
   * server finds them with its in-band detector).
   */
  INBAND
}
