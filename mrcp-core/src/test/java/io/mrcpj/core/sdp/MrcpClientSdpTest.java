package io.mrcpj.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.message.ChannelId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MrcpClientSdpTest {

  private final SdpParser parser = new SdpParser();

  @Test
  void offerHasUniMrcpsShape() throws Exception {
    SessionDescription offer =
        MrcpOfferBuilder.from("127.0.0.1")
            .addResource("speechrecog", 4000)
            .codecs(List.of(RtpCodec.PCMU, RtpCodec.PCMA, RtpCodec.L16_8K.withPayloadType(96)))
            .origin(SdpOrigin.of("mrcpj", "7", "0", "127.0.0.1"))
            .build();
    assertThat(SdpWriter.write(offer))
        .isEqualTo(
            "v=0\r\no=mrcpj 7 0 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=application 9 TCP/MRCPv2 1\r\n"
                + "a=setup:active\r\na=connection:new\r\na=resource:speechrecog\r\na=cmid:1\r\n"
                + "m=audio 4000 RTP/AVP 0 8 96 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:96 L16/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"
                + "a=sendonly\r\na=ptime:20\r\na=mid:1\r\n");
  }

  @Test
  void offerAnswerAndReadBack() throws Exception {
    SessionDescription offer =
        MrcpOfferBuilder.from("10.0.0.2")
            .addResource("speechrecog", 4000)
            .addResource("speechsynth", 4002)
            .addResource("recorder", 4004)
            .codecs(List.of(RtpCodec.PCMU, RtpCodec.L16_16K.withPayloadType(97)))
            .telephoneEvent(null)
            .connectionMode(ConnectionMode.EXISTING)
            .ptime(0)
            .build();
    SessionDescription answer =
        MrcpOfferAnswer.answer(
            parser.parse(SdpWriter.write(offer)),
            MrcpAnswerParameters.builder()
                .localAddress("10.0.0.1")
                .mrcpPort(1544)
                .connectionMode(ConnectionMode.EXISTING)
                .channels((cmid, res) -> res.equals("recorder") ? null : "ch" + cmid)
                .rtpPorts((i, mid) -> 6000 + i)
                .build());

    MrcpAnswerReader.Answer read = MrcpAnswerReader.read(parser.parse(SdpWriter.write(answer)));
    MrcpAnswerReader.Control recog = read.control("speechrecog").orElseThrow();
    assertThat(recog.channel()).contains(ChannelId.parse("ch1@speechrecog"));
    assertThat(recog.host()).isEqualTo("10.0.0.1");
    assertThat(recog.port()).isEqualTo(1544);
    assertThat(recog.connection()).contains(ConnectionMode.EXISTING);
    MrcpAnswerReader.Audio recogAudio = read.audioFor(recog).orElseThrow();
    assertThat(recogAudio.port()).isEqualTo(6001);
    assertThat(recogAudio.codec()).contains(new RtpCodec(97, "L16", 16000, 1));
    assertThat(recogAudio.telephoneEvent()).isEmpty();
    assertThat(recogAudio.direction()).isEqualTo(MediaDirection.RECVONLY);

    MrcpAnswerReader.Control synth = read.control("speechsynth").orElseThrow();
    MrcpAnswerReader.Audio synthAudio = read.audioFor(synth).orElseThrow();
    assertThat(synthAudio.port()).isEqualTo(6003);
    assertThat(synthAudio.direction()).isEqualTo(MediaDirection.SENDONLY);

    assertThat(read.control("recorder")).isEmpty();
    assertThat(read.controls()).hasSize(3);
    assertThat(read.controls().get(2).accepted()).isFalse();
    assertThat(read.audio().get(2).accepted()).isFalse();
  }

  @Test
  void resourcesAddedTogetherShareOneAudioLineThatCoversTheirDirections() throws Exception {
    SessionDescription offer =
        MrcpOfferBuilder.from("127.0.0.1")
            .addResources(List.of("speechsynth", "speechrecog"), 4000)
            .codecs(List.of(RtpCodec.PCMU))
            .telephoneEvent(null)
            .origin(SdpOrigin.of("mrcpj", "7", "0", "127.0.0.1"))
            .build();
    assertThat(SdpWriter.write(offer))
        .isEqualTo(
            "v=0\r\no=mrcpj 7 0 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=application 9 TCP/MRCPv2 1\r\n"
                + "a=setup:active\r\na=connection:new\r\na=resource:speechsynth\r\na=cmid:1\r\n"
                + "m=application 9 TCP/MRCPv2 1\r\n"
                + "a=setup:active\r\na=connection:new\r\na=resource:speechrecog\r\na=cmid:1\r\n"
                + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=sendrecv\r\na=ptime:20\r\na=mid:1\r\n");
    SessionDescription answer =
        MrcpOfferAnswer.answer(
            parser.parse(SdpWriter.write(offer)),
            MrcpAnswerParameters.builder()
                .localAddress("127.0.0.1")
                .mrcpPort(1544)
                .channels((cmid, res) -> "c" + res.length())
                .rtpPorts((i, mid) -> 6000 + i)
                .build());
    MrcpAnswerReader.Answer read = MrcpAnswerReader.read(parser.parse(SdpWriter.write(answer)));
    MrcpAnswerReader.Audio synth = read.audioFor(read.control("speechsynth").orElseThrow()).get();
    MrcpAnswerReader.Audio recog = read.audioFor(read.control("speechrecog").orElseThrow()).get();
    assertThat(synth).isEqualTo(recog);
    assertThat(synth.port()).isEqualTo(6002);
    assertThat(synth.direction()).isEqualTo(MediaDirection.SENDRECV);

    // a recorder with a recognizer: both send, so the shared line stays sendonly
    SessionDescription sending =
        MrcpOfferBuilder.from("127.0.0.1")
            .addResources(List.of("speechrecog", "recorder"), 4000)
            .build();
    assertThat(AudioMedia.of(sending.media().get(2)).orElseThrow().direction())
        .isEqualTo(MediaDirection.SENDONLY);
  }

  @Test
  void sharedResourcesMustBeDistinct() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                MrcpOfferBuilder.from("127.0.0.1")
                    .addResources(List.of("recorder", "recorder"), 4000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsUniMrcpsRecordedAnswer() throws Exception {
    var read =
        MrcpAnswerReader.read(
            SipCaptures.parse("mod_unimrcp/fs-mrcp-recog-sip-02-resp-200-8060to5090.sip"));
    var control = read.control("speechrecog").orElseThrow();
    assertThat(control.channel().orElseThrow().id()).isEqualTo("4c3bc870f4b14006");
    assertThat(control.host()).isEqualTo("127.0.0.1");
    assertThat(control.port()).isEqualTo(1544);
    assertThat(control.tls()).isFalse();
    var audio = read.audioFor(control).orElseThrow();
    assertThat(audio.host()).isEqualTo("127.0.0.1");
    assertThat(audio.port()).isEqualTo(5006);
    assertThat(audio.codec()).contains(RtpCodec.PCMU);
    assertThat(audio.telephoneEvent()).isEmpty();
  }

  @Test
  void tlsOffer() {
    SessionDescription offer =
        MrcpOfferBuilder.from("::1").addResource("speechsynth", 4000).tls(true).build();
    MrcpControlMedia c = MrcpControlMedia.of(offer.media().get(0)).orElseThrow();
    assertThat(c.isTls()).isTrue();
    assertThat(offer.connection().orElseThrow().addrType()).isEqualTo("IP6");
    assertThat(AudioMedia.of(offer.media().get(1)).orElseThrow().direction())
        .isEqualTo(MediaDirection.RECVONLY);
  }
}
