package io.mrcpj.core.codec;

/**
 * Limits of the MRCPv2 decoder. Every limit is checked before the bytes it guards are buffered.
 *
 * @param maxStartLineBytes longest start line, CRLF included (default 512: the longest standard
 *     start line is under 80 octets)
 * @param maxHeaderBytes longest header section, from after the start line to the blank line
 *     (default 64 KiB)
 * @param maxMessageBytes longest whole message as given by message-length (default 1 MiB)
 * @param maxHeaderCount most header lines in one message (default 256)
 */
public record MrcpDecoderConfig(
    int maxStartLineBytes, int maxHeaderBytes, int maxMessageBytes, int maxHeaderCount) {

  /** The defaults above. */
  public static final MrcpDecoderConfig DEFAULT =
      new MrcpDecoderConfig(512, 64 * 1024, 1 << 20, 256);

  public MrcpDecoderConfig {
    if (maxStartLineBytes < 32) {
      throw new IllegalArgumentException("maxStartLineBytes must be at least 32");
    }
    if (maxHeaderBytes < 64) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 64");
    }
    if (maxMessageBytes < maxStartLineBytes) {
      throw new IllegalArgumentException("maxMessageBytes must be at least maxStartLineBytes");
    }
    if (maxHeaderCount < 1) {
      throw new IllegalArgumentException("maxHeaderCount must be at least 1");
    }
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a configuration from the defaults. */
  public static final class Builder {
    private int maxStartLineBytes;
    private int maxHeaderBytes;
    private int maxMessageBytes;
    private int maxHeaderCount;

    private Builder(MrcpDecoderConfig c) {
      maxStartLineBytes = c.maxStartLineBytes;
      maxHeaderBytes = c.maxHeaderBytes;
      maxMessageBytes = c.maxMessageBytes;
      maxHeaderCount = c.maxHeaderCount;
    }

    public Builder maxStartLineBytes(int v) {
      maxStartLineBytes = v;
      return this;
    }

    public Builder maxHeaderBytes(int v) {
      maxHeaderBytes = v;
      return this;
    }

    public Builder maxMessageBytes(int v) {
      maxMessageBytes = v;
      return this;
    }

    public Builder maxHeaderCount(int v) {
      maxHeaderCount = v;
      return this;
    }

    public MrcpDecoderConfig build() {
      return new MrcpDecoderConfig(
          maxStartLineBytes, maxHeaderBytes, maxMessageBytes, maxHeaderCount);
    }
  }
}
