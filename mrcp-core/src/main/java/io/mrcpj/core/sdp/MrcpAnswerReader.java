package io.mrcpj.core.sdp;

import io.mrcpj.core.message.ChannelId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a server's answer on the client side (RFC 6787 section 4.2): the channel allocated per
 * resource and where to connect for MRCP, and per audio stream where to send RTP and which codec
 * the server chose. Refused (port 0) m-lines are reported as such, not dropped, so the caller can
 * tell which resource was refused. Stateless.
 */
public final class MrcpAnswerReader {

  private MrcpAnswerReader() {}

  /** One control m-line of the answer. */
  public record Control(
      int mediaIndex,
      Optional<ChannelId> channel,
      String host,
      int port,
      boolean tls,
      Optional<ConnectionMode> connection,
      List<String> cmids) {

    /** True when the server accepted this channel (non-zero port and an {@code a=channel}). */
    public boolean accepted() {
      return port != 0 && channel.isPresent();
    }
  }

  /** One audio m-line of the answer. */
  public record Audio(
      int mediaIndex,
      Optional<String> mid,
      String host,
      int port,
      Optional<RtpCodec> codec,
      Optional<RtpCodec> telephoneEvent,
      MediaDirection direction) {

    public boolean accepted() {
      return port != 0 && codec.isPresent();
    }
  }

  /** The parts of an answer a client needs. */
  public record Answer(List<Control> controls, List<Audio> audio) {

    public Answer {
      controls = List.copyOf(controls);
      audio = List.copyOf(audio);
    }

    /** The accepted channel for {@code resource}, if the server allocated one. */
    public Optional<Control> control(String resource) {
      return controls.stream()
          .filter(
              c -> c.accepted() && c.channel().get().resource().name().equalsIgnoreCase(resource))
          .findFirst();
    }

    /** The accepted audio stream tagged {@code mid}. */
    public Optional<Audio> audioForMid(String mid) {
      return audio.stream()
          .filter(a -> a.accepted() && a.mid().filter(mid::equals).isPresent())
          .findFirst();
    }

    /** The audio of an accepted channel: by its cmid, else the first accepted audio stream. */
    public Optional<Audio> audioFor(Control control) {
      for (String cmid : control.cmids()) {
        Optional<Audio> a = audioForMid(cmid);
        if (a.isPresent()) {
          return a;
        }
      }
      return audio.stream().filter(Audio::accepted).findFirst();
    }
  }

  /**
   * Reads {@code answer}. An m-line without a connection address (no {@code c=} anywhere) gets the
   * empty host; the caller then uses the SIP peer's address.
   */
  public static Answer read(SessionDescription answer) {
    List<Control> controls = new ArrayList<>();
    List<Audio> audio = new ArrayList<>();
    List<MediaDescription> media = answer.media();
    for (int i = 0; i < media.size(); i++) {
      MediaDescription m = media.get(i);
      String host = answer.connectionFor(m).map(SdpConnection::host).orElse("");
      Optional<MrcpControlMedia> control = MrcpControlMedia.of(m);
      if (control.isPresent()) {
        MrcpControlMedia c = control.get();
        controls.add(
            new Control(i, c.channel(), host, m.port(), c.isTls(), c.connection(), c.cmids()));
        continue;
      }
      Optional<AudioMedia> a = AudioMedia.of(m, answer);
      if (a.isPresent()) {
        AudioMedia view = a.get();
        List<RtpCodec> codecs = view.codecs();
        Optional<RtpCodec> codec = codecs.stream().filter(x -> !x.isTelephoneEvent()).findFirst();
        Optional<RtpCodec> event = codecs.stream().filter(RtpCodec::isTelephoneEvent).findFirst();
        audio.add(new Audio(i, view.mid(), host, m.port(), codec, event, view.direction()));
      }
    }
    return new Answer(controls, audio);
  }
}
