package io.mrcpj.core.message;

import java.util.Objects;

/** A request from client to server: {@code MRCP/2.0 length method request-id} (RFC 6787 5.2). */
public final class MrcpRequest extends MrcpMessage {

  private final MrcpMethod method;

  private MrcpRequest(Builder b) {
    super(b);
    this.method = Objects.requireNonNull(b.method, "method");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public MrcpMethod method() {
    return method;
  }

  @Override
  boolean startLineEquals(MrcpMessage other) {
    return ((MrcpRequest) other).method.equals(method);
  }

  @Override
  public String toString() {
    return method + " " + requestId() + " " + headers();
  }

  /** Builds a request. */
  public static final class Builder extends MrcpMessage.Builder<MrcpRequest, Builder> {
    private MrcpMethod method;

    private Builder() {}

    private Builder(MrcpRequest r) {
      super(r);
      method = r.method;
    }

    public Builder method(MrcpMethod method) {
      this.method = method;
      return this;
    }

    @Override
    public MrcpRequest build() {
      return new MrcpRequest(this);
    }
  }
}
