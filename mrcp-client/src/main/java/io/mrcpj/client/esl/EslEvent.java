package io.mrcpj.client.esl;

import java.util.List;
import java.util.Objects;

/**
 * An event from FreeSWITCH, with its headers decoded whatever the wire format was (plain, JSON or
 * XML) and its body, if any. Calls, DTMF, speech, background jobs, heartbeats and custom events
 * arrive as the subclasses in this package ({@link DtmfEvent}, {@link DetectedSpeechEvent}, ...);
 * every header stays available through {@link #headers()} whatever the type.
 */
public class EslEvent {

  private final EventFormat format;
  private final EslHeaders headers;
  private final String body;

  public EslEvent(EventFormat format, EslHeaders headers, String body) {
    this.format = Objects.requireNonNull(format);
    this.headers = Objects.requireNonNull(headers);
    this.body = body == null ? "" : body;
  }

  /** A typed event shares the decoded headers and body of the generic one. */
  protected EslEvent(EslEvent other) {
    this(other.format, other.headers, other.body);
  }

  /** The event's name ({@code Event-Name}), e.g. CHANNEL_ANSWER or CUSTOM. */
  public final String name() {
    return headers.get("Event-Name", "");
  }

  /** {@code Event-Subclass} of a CUSTOM event (e.g. {@code unimrcp::profile_open}), or null. */
  public final String subclass() {
    return headers.get("Event-Subclass");
  }

  /** The channel's {@code Unique-ID}, or null for events that are not about a channel. */
  public final String uniqueId() {
    return headers.get("Unique-ID");
  }

  /** {@code Core-UUID}: which FreeSWITCH instance sent it. */
  public final String coreUuid() {
    return headers.get("Core-UUID");
  }

  /** {@code Event-Sequence}, FreeSWITCH's running event number, or -1. */
  public final long sequence() {
    String s = headers.get("Event-Sequence");
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The first value of a header, or null. */
  public final String header(String name) {
    return headers.get(name);
  }

  /** Every value of a header (several for multi-valued variables); empty when absent. */
  public final List<String> values(String name) {
    return headers.values(name);
  }

  /** A channel variable ({@code variable_<name>}), or null. */
  public final String variable(String name) {
    return headers.get("variable_" + name);
  }

  public final EslHeaders headers() {
    return headers;
  }

  /** The body ("" when the event has none), e.g. the NLSML of DETECTED_SPEECH. */
  public final String body() {
    return body;
  }

  public final EventFormat format() {
    return format;
  }

  /** True for a CUSTOM event of this subclass. */
  public final boolean isCustom(String subclass) {
    return "CUSTOM".equals(name()) && subclass.equals(subclass());
  }

  @Override
  public String toString() {
    String id = uniqueId();
    String sub = subclass();
    return getClass().getSimpleName()
        + "["
        + name()
        + (sub != null ? " " + sub : "")
        + (id != null ? " " + id : "")
        + " #"
        + sequence()
        + "]";
  }
}
