package io.mrcpj.core.sdp;

import java.util.Objects;

/**
 * What the server side contributes to an answer built by {@link MrcpOfferAnswer}: addresses, ports,
 * channel allocation and codecs. Immutable; build one with {@link #builder()}.
 */
public final class MrcpAnswerParameters {

  /** Allocates an MRCP channel for a requested resource. */
  @FunctionalInterface
  public interface ChannelAllocator {
    /**
     * @param cmid the offer's {@code a=cmid} (empty string when none was given)
     * @param resource the requested resource, e.g. {@code speechrecog}
     * @return the channel id (the part before {@code @}: a token without {@code @}, so never the
     *     peer's cmid copied in), or {@code null} when the resource is not supported: the control
     *     m-line is then refused with port 0
     */
    String allocate(String cmid, String resource);
  }

  /** Gives the local RTP port of an accepted audio m-line. */
  @FunctionalInterface
  public interface RtpPortAllocator {
    /**
     * @param mediaIndex the 0-based index of the m-line in the offer
     * @param mid the offer's {@code a=mid}, or the empty string
     * @return the port, 1..65535
     */
    int port(int mediaIndex, String mid);
  }

  private final String localAddress;
  private final int mrcpPort;
  private final boolean tls;
  private final ChannelAllocator channels;
  private final ConnectionMode connectionMode;
  private final RtpPortAllocator rtpPorts;
  private final CodecSelector codecs;
  private final SdpOrigin origin;

  private MrcpAnswerParameters(Builder b) {
    this.localAddress = SdpText.checkToken("local address", b.localAddress);
    if (b.mrcpPort < 1 || b.mrcpPort > 65535) {
      throw new IllegalArgumentException("MRCP port out of range: " + b.mrcpPort);
    }
    this.mrcpPort = b.mrcpPort;
    this.tls = b.tls;
    this.channels = Objects.requireNonNull(b.channels, "channel allocator");
    this.connectionMode = Objects.requireNonNull(b.connectionMode, "connection mode");
    this.rtpPorts = Objects.requireNonNull(b.rtpPorts, "RTP port allocator");
    this.codecs = Objects.requireNonNull(b.codecs, "codecs");
    this.origin =
        b.origin != null
            ? b.origin
            : SdpOrigin.of("mrcpj", Long.toUnsignedString(System.nanoTime()), "0", localAddress);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String localAddress() {
    return localAddress;
  }

  public int mrcpPort() {
    return mrcpPort;
  }

  /** True when the server listens with TLS ({@code TCP/TLS/MRCPv2}). */
  public boolean tls() {
    return tls;
  }

  public ChannelAllocator channels() {
    return channels;
  }

  public ConnectionMode connectionMode() {
    return connectionMode;
  }

  public RtpPortAllocator rtpPorts() {
    return rtpPorts;
  }

  public CodecSelector codecs() {
    return codecs;
  }

  public SdpOrigin origin() {
    return origin;
  }

  /** Collects answer parameters; address, MRCP port, channel and RTP allocators are required. */
  public static final class Builder {
    private String localAddress;
    private int mrcpPort;
    private boolean tls;
    private ChannelAllocator channels;
    private ConnectionMode connectionMode = ConnectionMode.NEW;
    private RtpPortAllocator rtpPorts;
    private CodecSelector codecs = CodecSelector.defaults();
    private SdpOrigin origin;

    private Builder() {}

    public Builder localAddress(String localAddress) {
      this.localAddress = localAddress;
      return this;
    }

    public Builder mrcpPort(int mrcpPort) {
      this.mrcpPort = mrcpPort;
      return this;
    }

    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    public Builder channels(ChannelAllocator channels) {
      this.channels = channels;
      return this;
    }

    /** {@code a=connection} of accepted channels; default {@link ConnectionMode#NEW}. */
    public Builder connectionMode(ConnectionMode connectionMode) {
      this.connectionMode = connectionMode;
      return this;
    }

    public Builder rtpPorts(RtpPortAllocator rtpPorts) {
      this.rtpPorts = rtpPorts;
      return this;
    }

    public Builder codecs(CodecSelector codecs) {
      this.codecs = codecs;
      return this;
    }

    /**
     * The answer's {@code o=}; by default user {@code mrcpj}, a time-based session id, version 0. A
     * re-INVITE answer should pass the previous origin with an incremented version (RFC 3264
     * section 8).
     */
    public Builder origin(SdpOrigin origin) {
      this.origin = origin;
      return this;
    }

    public MrcpAnswerParameters build() {
      return new MrcpAnswerParameters(this);
    }
  }
}
