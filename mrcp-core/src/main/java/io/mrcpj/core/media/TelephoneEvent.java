package io.mrcpj.core.media;

/**
 * A reusable view over one RFC 4733 §2.3 telephone-event payload block (4 octets: event, E bit, R
 * bit, 6-bit volume, 16-bit duration). Only the first block of a payload is read; redundant blocks
 * (RFC 4733 §2.5.1.5 via RFC 2198) are not interpreted. Not thread-safe.
 */
public final class TelephoneEvent {

  /** Size of one event block in octets. */
  public static final int LENGTH = 4;

  private static final String DTMF_CHARS = "0123456789*#ABCD";

  private int event = -1;
  private boolean end;
  private int volume;
  private int duration;

  /**
   * Reads the event block at {@code data[offset..offset+length)}.
   *
   * @return {@code false} (and the view is cleared) if fewer than 4 octets are available
   */
  public boolean wrap(byte[] data, int offset, int length) {
    if (data == null || offset < 0 || length < LENGTH || offset > data.length - length) {
      event = -1;
      end = false;
      volume = 0;
      duration = 0;
      return false;
    }
    event = data[offset] & 0xFF;
    end = (data[offset + 1] & 0x80) != 0;
    volume = data[offset + 1] & 0x3F;
    duration = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    return true;
  }

  /** Reads the event from the payload of a valid RTP packet view. */
  public boolean wrap(RtpPacket packet) {
    return wrap(packet.array(), packet.payloadOffset(), packet.payloadLength());
  }

  /** Event code 0..255 (RFC 4733 §3.2: 0-9, 10 = *, 11 = #, 12-15 = A-D), or -1 if empty. */
  public int event() {
    return event;
  }

  /** Whether this is a DTMF event (codes 0-15). */
  public boolean isDtmf() {
    return event >= 0 && event < DTMF_CHARS.length();
  }

  /** The DTMF character for the event, or {@code '\0'} if not a DTMF event. */
  public char digit() {
    return toDigit(event);
  }

  /** The E bit: this packet reports the end of the event. */
  public boolean isEnd() {
    return end;
  }

  /** Power level in -dBm0 (0..63, RFC 4733 §2.3.4). */
  public int volume() {
    return volume;
  }

  /** Duration in timestamp units since the event's RTP timestamp (0..65535, §2.3.5). */
  public int duration() {
    return duration;
  }

  /** Maps an RFC 4733 DTMF event code to its character; {@code '\0'} for other codes. */
  public static char toDigit(int event) {
    return event >= 0 && event < DTMF_CHARS.length() ? DTMF_CHARS.charAt(event) : '\0';
  }

  /** Maps a DTMF character (0-9, *, #, A-D, case-insensitive) to its event code, or -1. */
  public static int toEvent(char digit) {
    return DTMF_CHARS.indexOf(Character.toUpperCase(digit));
  }

  /**
   * Writes one event block into {@code buf[offset..offset+4)} (for senders).
   *
   * @throws IllegalArgumentException for values out of range
   */
  public static int write(
      byte[] buf, int offset, int event, boolean end, int volume, int duration) {
    if (event < 0
        || event > 255
        || volume < 0
        || volume > 63
        || duration < 0
        || duration > 0xFFFF) {
      throw new IllegalArgumentException("event block value out of range");
    }
    buf[offset] = (byte) event;
    buf[offset + 1] = (byte) ((end ? 0x80 : 0) | volume);
    buf[offset + 2] = (byte) (duration >>> 8);
    buf[offset + 3] = (byte) duration;
    return LENGTH;
  }
}
