package io.mrcpj.core.media;

/**
 * Writes the 12-octet fixed RTP header (RFC 3550 §5.1: version 2, no padding, no extension, no
 * CSRC) into a caller buffer. A mutable, reusable builder: set the stream constants once, then call
 * {@link #write} per packet and {@link #advance} to step sequence number and timestamp. Not
 * thread-safe.
 */
public final class RtpHeaderWriter {

  private int payloadType;
  private long ssrc;
  private int sequenceNumber;
  private long timestamp;
  private boolean marker;

  /** Payload type 0..127 (RFC 3551 §6: 0 = PCMU, 8 = PCMA, 101 is a common telephone-event). */
  public RtpHeaderWriter payloadType(int payloadType) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type out of range: " + payloadType);
    }
    this.payloadType = payloadType;
    return this;
  }

  /** SSRC; only the low 32 bits are used. */
  public RtpHeaderWriter ssrc(long ssrc) {
    this.ssrc = ssrc & 0xFFFFFFFFL;
    return this;
  }

  /** Sequence number; only the low 16 bits are used. */
  public RtpHeaderWriter sequenceNumber(int sequenceNumber) {
    this.sequenceNumber = sequenceNumber & 0xFFFF;
    return this;
  }

  /** Timestamp; only the low 32 bits are used. */
  public RtpHeaderWriter timestamp(long timestamp) {
    this.timestamp = timestamp & 0xFFFFFFFFL;
    return this;
  }

  /** Marker bit of the next packet (RFC 3551 §4.1: first packet of a talkspurt). */
  public RtpHeaderWriter marker(boolean marker) {
    this.marker = marker;
    return this;
  }

  public int sequenceNumber() {
    return sequenceNumber;
  }

  public long timestamp() {
    return timestamp;
  }

  /**
   * Writes the header at {@code buf[offset..offset+12)}.
   *
   * @return the number of octets written (always {@link RtpPacket#FIXED_HEADER_LENGTH})
   * @throws IndexOutOfBoundsException if the buffer is too small (a caller bug, not bad input)
   */
  public int write(byte[] buf, int offset) {
    if (offset < 0 || offset > buf.length - RtpPacket.FIXED_HEADER_LENGTH) {
      throw new IndexOutOfBoundsException("need 12 octets at " + offset + " in " + buf.length);
    }
    buf[offset] = (byte) (RtpPacket.VERSION << 6);
    buf[offset + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    buf[offset + 2] = (byte) (sequenceNumber >>> 8);
    buf[offset + 3] = (byte) sequenceNumber;
    buf[offset + 4] = (byte) (timestamp >>> 24);
    buf[offset + 5] = (byte) (timestamp >>> 16);
    buf[offset + 6] = (byte) (timestamp >>> 8);
    buf[offset + 7] = (byte) timestamp;
    buf[offset + 8] = (byte) (ssrc >>> 24);
    buf[offset + 9] = (byte) (ssrc >>> 16);
    buf[offset + 10] = (byte) (ssrc >>> 8);
    buf[offset + 11] = (byte) ssrc;
    return RtpPacket.FIXED_HEADER_LENGTH;
  }

  /**
   * Steps to the next packet: sequence number + 1 and timestamp + {@code samples} (both wrapping),
   * marker cleared.
   */
  public RtpHeaderWriter advance(int samples) {
    sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
    timestamp = (timestamp + samples) & 0xFFFFFFFFL;
    marker = false;
    return this;
  }
}
