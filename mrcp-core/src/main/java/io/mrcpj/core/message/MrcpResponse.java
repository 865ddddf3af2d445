package io.mrcpj.core.message;

import java.util.Objects;

/** A response: {@code MRCP/2.0 length request-id status-code request-state} (RFC 6787 5.3). */
public final class MrcpResponse extends MrcpMessage {

  private final StatusCode status;
  private final RequestState state;

  private MrcpResponse(Builder b) {
    super(b);
    this.status = Objects.requireNonNull(b.status, "status");
    this.state = Objects.requireNonNull(b.state, "state");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A response to {@code request}: same request-id and Channel-Identifier, the given status and
   * state.
   */
  public static Builder to(MrcpRequest request, StatusCode status, RequestState state) {
    Builder b = new Builder().requestId(request.requestId()).status(status).state(state);
    request
        .headers()
        .get(GenericHeaders.CHANNEL_IDENTIFIER.name())
        .ifPresent(v -> b.header(GenericHeaders.CHANNEL_IDENTIFIER.name(), v));
    return b;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public StatusCode status() {
    return status;
  }

  public RequestState state() {
    return state;
  }

  @Override
  boolean startLineEquals(MrcpMessage other) {
    MrcpResponse r = (MrcpResponse) other;
    return r.status.equals(status) && r.state == state;
  }

  @Override
  public String toString() {
    return "response " + requestId() + " " + status.code() + " " + state.wire() + " " + headers();
  }

  /** Builds a response. */
  public static final class Builder extends MrcpMessage.Builder<MrcpResponse, Builder> {
    private StatusCode status;
    private RequestState state = RequestState.COMPLETE;

    private Builder() {}

    private Builder(MrcpResponse r) {
      super(r);
      status = r.status;
      state = r.state;
    }

    public Builder status(StatusCode status) {
      this.status = status;
      return this;
    }

    public Builder state(RequestState state) {
      this.state = state;
      return this;
    }

    @Override
    public MrcpResponse build() {
      return new MrcpResponse(this);
    }
  }
}
