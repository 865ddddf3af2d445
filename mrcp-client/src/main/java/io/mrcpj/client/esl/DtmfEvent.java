package io.mrcpj.client.esl;

/** DTMF: a key the channel received. */
public final class DtmfEvent extends ChannelEvent {

  DtmfEvent(EslEvent e) {
    super(e);
  }

  /** The key: 0-9, *, #, A-D; or 0 when the event carries none. */
  public char digit() {
    String d = header("DTMF-Digit");
    return d == null || d.isEmpty() ? 0 : d.charAt(0);
  }

  /**
   * {@code DTMF-Duration} as FreeSWITCH reports it: in samples of its 8 kHz timestamp clock (2000
   * is 250 ms); -1 when absent.
   */
  public int durationSamples() {
    String d = header("DTMF-Duration");
    try {
      return d == null ? -1 : Integer.parseInt(d.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code DTMF-Source}: RTP (RFC 2833/4733), INBAND_AUDIO, ENDPOINT (SIP INFO), APP, UNKNOWN. */
  public String source() {
    return header("DTMF-Source");
  }
}
