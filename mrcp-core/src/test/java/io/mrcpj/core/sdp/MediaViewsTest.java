package io.mrcpj.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.message.ChannelId;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MediaViewsTest {

  private final SdpParser parser = new SdpParser();

  @Test
  void controlViewOfOfferAndAnswer() throws Exception {
    SessionDescription offer = SipCaptures.parse("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    MrcpControlMedia c = MrcpControlMedia.of(offer.media().get(0)).orElseThrow();
    assertThat(c.setup()).contains("active");
    assertThat(c.connection()).contains(ConnectionMode.NEW);
    assertThat(c.resource()).contains("speechrecog");
    assertThat(c.channel()).isEmpty();
    assertThat(c.cmids()).containsExactly("1");
    assertThat(c.isTls()).isFalse();
    assertThat(MrcpControlMedia.of(offer.media().get(1))).isEmpty();

    SessionDescription answer = SipCaptures.parse("unimrcp/recog-sip-02-resp-200-8060to8062.sip");
    MrcpControlMedia a = MrcpControlMedia.of(answer.media().get(0)).orElseThrow();
    assertThat(a.setup()).contains("passive");
    assertThat(a.channel()).contains(ChannelId.parse("9f3641c4fbb94579@speechrecog"));
    assertThat(a.port()).isEqualTo(1544);
  }

  @Test
  void audioViewOfUniMrcpOffer() throws Exception {
    SessionDescription offer = SipCaptures.parse("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    AudioMedia a = AudioMedia.of(offer.media().get(1), offer).orElseThrow();
    assertThat(a.payloadTypes()).containsExactly(0, 8, 9, 96, 101);
    assertThat(a.codecs())
        .containsExactly(
            RtpCodec.PCMU,
            RtpCodec.PCMA,
            new RtpCodec(9, "G722", 8000, 1),
            new RtpCodec(96, "L16", 8000, 1),
            new RtpCodec(101, "telephone-event", 8000, 1));
    assertThat(a.fmtp(101)).contains("0-15");
    assertThat(a.fmtp(0)).isEmpty();
    assertThat(a.ptime()).hasValue(20);
    assertThat(a.direction()).isEqualTo(MediaDirection.SENDONLY);
    assertThat(a.mid()).contains("1");
  }

  @Test
  void staticPayloadTypesWithoutRtpmapAndOddValues() throws Exception {
    SessionDescription sd =
        parser.parse(
            "v=0\no=- 1 1 IN IP4 h\na=recvonly\nm=audio 4000 RTP/AVP 0 3 10 11 18 99 x 200\n"
                + "a=rtpmap:99 bogus\na=rtpmap:0 PCMU/8000/1\na=ptime:abc\n");
    AudioMedia a = AudioMedia.of(sd.media().get(0), sd).orElseThrow();
    assertThat(a.payloadTypes()).containsExactly(0, 3, 10, 11, 18, 99);
    assertThat(a.codecs())
        .extracting(RtpCodec::toString)
        .containsExactly(
            "PCMU/8000(pt 0)",
            "GSM/8000(pt 3)",
            "L16/44100(pt 10)",
            "L16/44100(pt 11)",
            "G729/8000(pt 18)");
    assertThat(a.codec(10).orElseThrow().channels()).isEqualTo(2);
    assertThat(a.ptime()).isEqualTo(OptionalInt.empty());
    assertThat(a.direction()).isEqualTo(MediaDirection.RECVONLY); // from the session level
    assertThat(a.mid()).isEmpty();
  }

  @Test
  void directionsReverse() {
    assertThat(MediaDirection.SENDONLY.reverse()).isEqualTo(MediaDirection.RECVONLY);
    assertThat(MediaDirection.RECVONLY.reverse()).isEqualTo(MediaDirection.SENDONLY);
    assertThat(MediaDirection.SENDRECV.reverse()).isEqualTo(MediaDirection.SENDRECV);
    assertThat(MediaDirection.INACTIVE.reverse()).isEqualTo(MediaDirection.INACTIVE);
    assertThat(MediaDirection.fromAttribute("SendOnly")).contains(MediaDirection.SENDONLY);
    assertThat(MediaDirection.fromAttribute("ptime")).isEmpty();
  }

  @Test
  void rtpmapParsing() {
    assertThat(RtpCodec.parseRtpmap("96 L16/16000")).contains(new RtpCodec(96, "L16", 16000, 1));
    assertThat(RtpCodec.parseRtpmap(" 97  opus/48000/2 "))
        .contains(new RtpCodec(97, "opus", 48000, 2));
    assertThat(RtpCodec.parseRtpmap("128 L16/8000")).isEmpty();
    assertThat(RtpCodec.parseRtpmap("96 L16")).isEmpty();
    assertThat(RtpCodec.parseRtpmap("96 /8000")).isEmpty();
    assertThat(RtpCodec.parseRtpmap("96 L16/0")).isEmpty();
    assertThat(RtpCodec.parseRtpmap("96 L16/8000/1/1")).isEmpty();
    assertThat(RtpCodec.parseRtpmap("96 L16/99999999999")).isEmpty();
    assertThat(RtpCodec.parseRtpmap(null)).isEmpty();
    assertThat(RtpCodec.staticPayloadType(96)).isEmpty();
    assertThat(new RtpCodec(97, "opus", 48000, 2).rtpmap()).isEqualTo("97 opus/48000/2");
  }

  @Test
  void channelIdParsing() {
    assertThat(ChannelId.tryParse(" 32AECB23433801@speechrecog "))
        .contains(ChannelId.parse("32AECB23433801@speechrecog"));
    assertThat(ChannelId.tryParse("@speechrecog")).isEmpty();
    assertThat(ChannelId.tryParse("abc@")).isEmpty();
    assertThat(ChannelId.tryParse("a@b@c")).isEmpty();
    assertThat(ChannelId.tryParse("a b@c")).isEmpty();
    assertThat(ConnectionMode.parse("Existing")).contains(ConnectionMode.EXISTING);
    assertThat(ConnectionMode.parse("old")).isEmpty();
  }
}
