package io.mrcpj.core.message;

import java.util.Objects;

/**
 * An event from server to client: {@code MRCP/2.0 length event-name request-id request-state} (RFC
 * 6787 5.5).
 */
public final class MrcpEvent extends MrcpMessage {

  private final MrcpEventName name;
  private final RequestState state;

  private MrcpEvent(Builder b) {
    super(b);
    this.name = Objects.requireNonNull(b.name, "event name");
    this.state = Objects.requireNonNull(b.state, "state");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public MrcpEventName name() {
    return name;
  }

  public RequestState state() {
    return state;
  }

  @Override
  boolean startLineEquals(MrcpMessage other) {
    MrcpEvent e = (MrcpEvent) other;
    return e.name.equals(name) && e.state == state;
  }

  @Override
  public String toString() {
    return name + " " + requestId() + " " + state.wire() + " " + headers();
  }

  /** Builds an event. */
  public static final class Builder extends MrcpMessage.Builder<MrcpEvent, Builder> {
    private MrcpEventName name;
    private RequestState state = RequestState.IN_PROGRESS;

    private Builder() {}

    private Builder(MrcpEvent e) {
      super(e);
      name = e.name;
      state = e.state;
    }

    public Builder name(MrcpEventName name) {
      this.name = name;
      return this;
    }

    public Builder state(RequestState state) {
      this.state = state;
      return this;
    }

    @Override
    public MrcpEvent build() {
      return new MrcpEvent(this);
    }
  }
}
