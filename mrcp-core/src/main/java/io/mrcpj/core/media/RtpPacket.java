package io.mrcpj.core.media;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, mutable view over the bytes of one RTP packet (RFC 3550 §5.1). {@link #wrap} checks
 * the fixed header, the CSRC list, the header extension (§5.3.1) and the padding (§5.1) and then
 * exposes the fields without copying; the bytes are not copied, so the view is only valid while the
 * caller keeps the array unchanged.
 *
 * <p>Meant to be reused for every packet of a stream: nothing is allocated per packet except by the
 * {@link ByteBuf} variant when the buffer has no backing array. Invalid input makes {@code wrap}
 * return {@code false} (never an exception) and leaves the view empty. Not thread-safe.
 */
public final class RtpPacket {

  /** Length of the fixed RTP header (RFC 3550 §5.1). */
  public static final int FIXED_HEADER_LENGTH = 12;

  /** The only RTP version this view accepts (RFC 3550 §5.1). */
  public static final int VERSION = 2;

  private byte[] data;
  private int offset;
  private int length;
  private boolean valid;
  private int csrcCount;
  private int extensionOffset = -1;
  private int extensionLengthWords;
  private int payloadOffset;
  private int payloadLength;
  private int paddingLength;

  /**
   * Points this view at {@code length} bytes of {@code data} starting at {@code offset} and
   * validates them.
   *
   * @return {@code true} if the bytes hold a well-formed RTP version 2 packet; {@code false} for
   *     anything else (including a null array or a range outside it), in which case the view is
   *     cleared
   */
  public boolean wrap(byte[] data, int offset, int length) {
    clear();
    if (data == null
        || offset < 0
        || length < FIXED_HEADER_LENGTH
        || offset > data.length - length) {
      return false;
    }
    int b0 = data[offset] & 0xFF;
    if ((b0 >>> 6) != VERSION) {
      return false;
    }
    int cc = b0 & 0x0F;
    int pos = FIXED_HEADER_LENGTH + 4 * cc;
    if (pos > length) {
      return false;
    }
    int extOffset = -1;
    int extWords = 0;
    if ((b0 & 0x10) != 0) {
      if (pos + 4 > length) {
        return false;
      }
      extOffset = pos;
      extWords = ((data[offset + pos + 2] & 0xFF) << 8) | (data[offset + pos + 3] & 0xFF);
      pos += 4 + 4 * extWords;
      if (pos > length) {
        return false;
      }
    }
    int padding = 0;
    if ((b0 & 0x20) != 0) {
      // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
      padding = data[offset + length - 1] & 0xFF;
      if (padding == 0 || padding > length - pos) {
        return false;
      }
    }
    this.data = data;
    this.offset = offset;
    this.length = length;
    this.csrcCount = cc;
    this.extensionOffset = extOffset;
    this.extensionLengthWords = extWords;
    this.payloadOffset = pos;
    this.paddingLength = padding;
    this.payloadLength = length - pos - padding;
    this.valid = true;
    return true;
  }

  /**
   * Like {@link #wrap(byte[], int, int)} over the readable bytes of {@code buf} (reader index is
   * not moved). Heap buffers are viewed in place; other buffers are copied into {@code scratch},
   * which must be at least as large as the readable bytes, so no allocation happens here either.
   *
   * @return {@code false} for an invalid packet or a too small {@code scratch}
   */
  public boolean wrap(ByteBuf buf, byte[] scratch) {
    if (buf == null) {
      clear();
      return false;
    }
    int readable = buf.readableBytes();
    if (buf.hasArray()) {
      return wrap(buf.array(), buf.arrayOffset() + buf.readerIndex(), readable);
    }
    if (scratch == null || scratch.length < readable) {
      clear();
      return false;
    }
    buf.getBytes(buf.readerIndex(), scratch, 0, readable);
    return wrap(scratch, 0, readable);
  }

  /** Empties the view; all accessors then describe an invalid packet. */
  public void clear() {
    data = null;
    offset = 0;
    length = 0;
    valid = false;
    csrcCount = 0;
    extensionOffset = -1;
    extensionLengthWords = 0;
    payloadOffset = 0;
    payloadLength = 0;
    paddingLength = 0;
  }

  /** Whether the last {@link #wrap} succeeded. */
  public boolean isValid() {
    return valid;
  }

  /** The viewed array (valid only after a successful {@link #wrap}). */
  public byte[] array() {
    return data;
  }

  /** Offset of the packet in {@link #array()}. */
  public int offset() {
    return offset;
  }

  /** Total packet length in octets. */
  public int length() {
    return length;
  }

  public boolean hasPadding() {
    return paddingLength > 0;
  }

  /** Number of padding octets at the end, including the count octet (0 if none). */
  public int paddingLength() {
    return paddingLength;
  }

  public boolean hasExtension() {
    return extensionOffset >= 0;
  }

  /** The 16-bit "defined by profile" field of the header extension, or -1 if none (§5.3.1). */
  public int extensionProfile() {
    return extensionOffset < 0 ? -1 : u16(extensionOffset);
  }

  /** Length of the extension data in 32-bit words (the header's own 4 octets not counted). */
  public int extensionLengthWords() {
    return extensionLengthWords;
  }

  /** Offset in {@link #array()} of the extension data (after its 4-octet header), or -1. */
  public int extensionDataOffset() {
    return extensionOffset < 0 ? -1 : offset + extensionOffset + 4;
  }

  public int csrcCount() {
    return csrcCount;
  }

  /** The CSRC at {@code index} as an unsigned 32-bit value, or -1 if out of range. */
  public long csrc(int index) {
    if (index < 0 || index >= csrcCount) {
      return -1;
    }
    return u32(FIXED_HEADER_LENGTH + 4 * index);
  }

  public boolean marker() {
    return valid && (data[offset + 1] & 0x80) != 0;
  }

  public int payloadType() {
    return valid ? data[offset + 1] & 0x7F : -1;
  }

  /** Sequence number, 0..65535, or -1 if the view is empty. */
  public int sequenceNumber() {
    return valid ? u16(2) : -1;
  }

  /** Timestamp as an unsigned 32-bit value, or -1 if the view is empty. */
  public long timestamp() {
    return valid ? u32(4) : -1;
  }

  /** SSRC as an unsigned 32-bit value, or -1 if the view is empty. */
  public long ssrc() {
    return valid ? u32(8) : -1;
  }

  /** Offset of the payload in {@link #array()}. */
  public int payloadOffset() {
    return offset + payloadOffset;
  }

  /** Payload length in octets, padding excluded. */
  public int payloadLength() {
    return payloadLength;
  }

  private int u16(int rel) {
    return ((data[offset + rel] & 0xFF) << 8) | (data[offset + rel + 1] & 0xFF);
  }

  private long u32(int rel) {
    return ((long) u16(rel) << 16) | u16(rel + 2);
  }

  @Override
  public String toString() {
    if (!valid) {
      return "RtpPacket[invalid]";
    }
    return "RtpPacket[pt="
        + payloadType()
        + ", seq="
        + sequenceNumber()
        + ", ts="
        + timestamp()
        + ", ssrc="
        + ssrc()
        + ", m="
        + marker()
        + ", payload="
        + payloadLength
        + "]";
  }
}
