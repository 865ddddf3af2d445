package io.mrcpj.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.message.ChannelId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MrcpOfferAnswerTest {

  private static final SdpOrigin ORIGIN = SdpOrigin.of("mrcpj", "42", "0", "127.0.0.1");

  /** Codecs without G.722, as UniMRCP's server chose in the captures (PCMU over G722). */
  private static final CodecSelector UNIMRCP_SERVER_CODECS =
      new CodecSelector(
          List.of(RtpCodec.PCMU, RtpCodec.PCMA, RtpCodec.L16_8K, RtpCodec.L16_16K),
          CodecSelector.Order.OFFERER,
          true);

  private final SdpParser parser = new SdpParser();

  private static MrcpAnswerParameters.Builder params() {
    return MrcpAnswerParameters.builder()
        .localAddress("127.0.0.1")
        .mrcpPort(1544)
        .channels((cmid, resource) -> "abc" + cmid)
        .rtpPorts((index, mid) -> 5000 + index)
        .origin(ORIGIN);
  }

  /**
   * For each recorded call, answer the recorded offer with the channel id and ports UniMRCP's
   * server chose, and expect exactly UniMRCP's media descriptions: same codec choice, direction,
   * telephone-event handling, ptime echo and attribute order. UniMRCP's server did not take G.722;
   * with our default codecs the offers that have it get G.722 instead ({@link
   * #uniMrcpOfferAnswerText}).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "unimrcp/recog-sip-0",
        "unimrcp/synth-sip-0",
        "unimrcp/asrclient-sip-0",
        "mod_unimrcp/fs-mrcp-recog-sip-0",
        "mod_unimrcp/fs-mrcp-tts-sip-0"
      })
  void answersRealOffersLikeUniMrcpsServer(String prefix) throws Exception {
    String folder = prefix.substring(0, prefix.indexOf('/'));
    String name = prefix.substring(prefix.indexOf('/') + 1);
    SessionDescription offer = parser.parse(captureBody(folder, name + "0-INVITE"));
    SessionDescription recorded = parser.parse(captureBody(folder, name + "2-resp-200"));
    ChannelId channel = MrcpControlMedia.of(recorded.media().get(0)).orElseThrow().channel().get();
    int rtpPort = recorded.media().get(1).port();

    SessionDescription answer =
        MrcpOfferAnswer.answer(
            offer,
            params()
                .channels(
                    (cmid, resource) -> {
                      assertThat(cmid).isEqualTo("1");
                      assertThat(resource).isEqualTo(channel.resource().name());
                      return channel.id();
                    })
                .rtpPorts((index, mid) -> rtpPort)
                .codecs(UNIMRCP_SERVER_CODECS)
                .build());

    assertThat(answer.media()).isEqualTo(recorded.media());
    assertThat(answer.connection()).isEqualTo(recorded.connection());
    assertThat(parser.parse(SdpWriter.write(answer))).isEqualTo(answer);
  }

  private static byte[] captureBody(String folder, String start) {
    var files = io.mrcpj.core.testing.Interop.list(folder, start + "*.sip");
    assertThat(files).hasSize(1);
    return SipCaptures.body(
        io.mrcpj.core.testing.Interop.bytes(folder + "/" + files.get(0).getFileName()));
  }

  @Test
  void uniMrcpOfferAnswerText() throws Exception {
    SessionDescription offer = SipCaptures.parse("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    String text = SdpWriter.write(MrcpOfferAnswer.answer(offer, params().build()));
    assertThat(text)
        .isEqualTo(
            "v=0\r\n"
                + "o=mrcpj 42 0 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=application 1544 TCP/MRCPv2 1\r\n"
                + "a=setup:passive\r\n"
                + "a=connection:new\r\n"
                + "a=channel:abc1@speechrecog\r\n"
                + "a=cmid:1\r\n"
                + "m=audio 5001 RTP/AVP 9 101\r\n"
                + "a=rtpmap:9 G722/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=recvonly\r\n"
                + "a=ptime:20\r\n"
                + "a=mid:1\r\n");
  }

  @Test
  void uniMrcpOfferIsAnsweredWithG722WhenSupported() throws Exception {
    SessionDescription offer = SipCaptures.parse("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    CodecSelector withG722 =
        new CodecSelector(
            List.of(RtpCodec.PCMU, RtpCodec.PCMA, RtpCodec.G722, RtpCodec.L16_16K),
            CodecSelector.Order.OFFERER,
            true);
    MediaDescription audio =
        MrcpOfferAnswer.answer(offer, params().codecs(withG722).build()).media().get(1);
    assertThat(audio.formats()).containsExactly("9", "101");
    assertThat(audio.attributeValues("rtpmap"))
        .containsExactly("9 G722/8000", "101 telephone-event/8000");
    assertThat(audio.attributeValues("fmtp")).containsExactly("101 0-15");
    assertThat(audio.hasAttribute("recvonly")).isTrue();
  }

  private static String offer(String audio) {
    return "v=0\r\no=c 1 1 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
        + "m=application 9 TCP/MRCPv2 1\r\na=setup:active\r\na=connection:new\r\n"
        + "a=resource:speechrecog\r\na=cmid:1\r\n"
        + audio;
  }

  @Test
  void prefers16kHzWhenOffered() throws Exception {
    SessionDescription offer =
        parser.parse(
            offer(
                "m=audio 4000 RTP/AVP 0 8 96 97 101 102\r\na=rtpmap:96 L16/8000\r\n"
                    + "a=rtpmap:97 L16/16000\r\na=rtpmap:101 telephone-event/8000\r\n"
                    + "a=rtpmap:102 telephone-event/16000\r\na=fmtp:102 0-16\r\n"
                    + "a=sendrecv\r\na=mid:1\r\n"));
    MediaDescription audio = MrcpOfferAnswer.answer(offer, params().build()).media().get(1);
    assertThat(audio.formats()).containsExactly("97", "102");
    assertThat(audio.attributeValues("rtpmap"))
        .containsExactly("97 L16/16000", "102 telephone-event/16000");
    assertThat(audio.attributeValues("fmtp")).containsExactly("102 0-16");
    assertThat(audio.hasAttribute("sendrecv")).isTrue();
    assertThat(audio.hasAttribute("ptime")).isFalse();
  }

  @Test
  void ourOrderWhenConfigured() throws Exception {
    SessionDescription offer =
        parser.parse(offer("m=audio 4000 RTP/AVP 8 0\r\na=recvonly\r\na=mid:1\r\n"));
    CodecSelector ours =
        new CodecSelector(CodecSelector.DEFAULT_SUPPORTED, CodecSelector.Order.OURS, true);
    MediaDescription audio =
        MrcpOfferAnswer.answer(offer, params().codecs(ours).build()).media().get(1);
    assertThat(audio.formats()).containsExactly("0");
    assertThat(audio.hasAttribute("sendonly")).isTrue(); // recvonly offered
    MediaDescription byOfferer = MrcpOfferAnswer.answer(offer, params().build()).media().get(1);
    assertThat(byOfferer.formats()).containsExactly("8");
  }

  @Test
  void unsupportedResourceIsRefusedWithPortZero() throws Exception {
    SessionDescription offer =
        parser.parse(
            offer("m=audio 4000 RTP/AVP 0\r\na=sendonly\r\na=mid:1\r\n")
                + "m=application 9 TCP/MRCPv2 1\r\na=setup:active\r\na=connection:existing\r\n"
                + "a=resource:speakverify\r\na=cmid:2\r\n"
                + "m=audio 4002 RTP/AVP 0\r\na=sendonly\r\na=mid:2\r\n");
    SessionDescription answer =
        MrcpOfferAnswer.answer(
            offer,
            params()
                .channels((cmid, resource) -> resource.equals("speechrecog") ? "r1" : null)
                .build());
    List<MediaDescription> m = answer.media();
    assertThat(m).hasSize(4);
    assertThat(m.get(0).port()).isEqualTo(1544);
    assertThat(m.get(1).port()).isEqualTo(5001);
    assertThat(m.get(2).port()).isZero();
    assertThat(m.get(2).media()).isEqualTo("application");
    assertThat(m.get(2).proto()).isEqualTo("TCP/MRCPv2");
    assertThat(m.get(2).attributes()).isEmpty();
    assertThat(m.get(3).port()).isZero(); // its audio served only the refused channel
    assertThat(m.get(3).formats()).containsExactly("0");
  }

  @Test
  void noCommonCodecRefusesTheAudioOnly() throws Exception {
    SessionDescription offer =
        parser.parse(
            offer(
                "m=audio 4000 RTP/AVP 3 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"
                    + "a=sendonly\r\na=mid:1\r\n"));
    SessionDescription answer = MrcpOfferAnswer.answer(offer, params().build());
    assertThat(answer.media().get(0).port()).isEqualTo(1544);
    MediaDescription audio = answer.media().get(1);
    assertThat(audio.port()).isZero();
    assertThat(audio.formats()).containsExactly("3", "18", "101");
    assertThat(audio.attributes()).isEmpty();
  }

  @Test
  void reInviteRemovingAResourceIsAnsweredWithPortZero() throws Exception {
    SessionDescription offer =
        parser.parse(
            offer("m=audio 4000 RTP/AVP 0\r\na=sendonly\r\na=mid:1\r\n")
                + "m=application 0 TCP/MRCPv2 1\r\na=resource:speechsynth\r\na=cmid:2\r\n"
                + "m=audio 0 RTP/AVP 0\r\na=recvonly\r\na=mid:2\r\n");
    List<String> allocated = new ArrayList<>();
    SessionDescription answer =
        MrcpOfferAnswer.answer(
            offer,
            params()
                .connectionMode(ConnectionMode.EXISTING)
                .channels(
                    (cmid, resource) -> {
                      allocated.add(resource);
                      return "x";
                    })
                .build());
    assertThat(allocated).containsExactly("speechrecog");
    assertThat(answer.media()).extracting(MediaDescription::port).containsExactly(1544, 5001, 0, 0);
    assertThat(answer.media().get(0).attribute("connection")).contains("existing");
  }

  @Test
  void tlsControlLine() throws Exception {
    String text =
        offer("m=audio 4000 RTP/AVP 0\r\na=mid:1\r\n").replace("TCP/MRCPv2", "TCP/TLS/MRCPv2");
    SessionDescription offer = parser.parse(text);
    MediaDescription control =
        MrcpOfferAnswer.answer(offer, params().tls(true).build()).media().get(0);
    assertThat(control.proto()).isEqualTo("TCP/TLS/MRCPv2");
    assertThat(MrcpControlMedia.of(control).orElseThrow().isTls()).isTrue();
    assertThatThrownBy(() -> MrcpOfferAnswer.answer(offer, params().build()))
        .isInstanceOf(SdpNegotiationException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m=audio 4000 RTP/AVP 0\r\n",
        "m=application 0 TCP/MRCPv2 1\r\na=resource:speechrecog\r\nm=audio 4000 RTP/AVP 0\r\n",
        "m=application 9 TCP/BFCP *\r\n",
        ""
      })
  void offerWithoutUsableControlLineIsNotAcceptable(String media) throws Exception {
    SessionDescription offer = parser.parse("v=0\r\no=c 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n" + media);
    assertThatThrownBy(() -> MrcpOfferAnswer.answer(offer, params().build()))
        .isInstanceOf(SdpNegotiationException.class)
        .hasMessageContaining("no usable MRCP control m-line");
    assertThat(SdpNegotiationException.SIP_STATUS).isEqualTo(488);
  }

  @Test
  void controlLineWithoutResourceAndOtherMediaAreRefused() throws Exception {
    SessionDescription offer =
        parser.parse(
            offer("m=video 5000 RTP/AVP 31\r\nm=audio 4000 RTP/SAVP 0\r\n")
                + "m=application 9 TCP/MRCPv2\r\na=cmid:3\r\n");
    SessionDescription answer = MrcpOfferAnswer.answer(offer, params().build());
    assertThat(answer.media()).extracting(MediaDescription::port).containsExactly(1544, 0, 0, 0);
    assertThat(answer.media().get(3).formats()).isEmpty();
    assertThat(answer.media())
        .extracting(MediaDescription::media)
        .containsExactly("application", "video", "audio", "application");
  }

  @Test
  void resourceThatCannotFormAChannelIdIsRefused() throws Exception {
    SessionDescription offer =
        parser.parse(offer("m=audio 4000 RTP/AVP 0\r\na=mid:1\r\n").replace("speechrecog", "a@b"));
    assertThat(MrcpOfferAnswer.answer(offer, params().build()).media().get(0).port()).isZero();
  }

  /** Mutated real offers either give an answer that writes and re-parses, or 488: nothing else. */
  @Test
  void mutatedOffersGiveAnAnswerOrNotAcceptable() throws Exception {
    byte[] seed = SipCaptures.body("unimrcp/recog-sip-00-INVITE-8062to8060.sip");
    byte[] alphabet = "0123456789 :/@=am\n-L".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.Random random = new java.util.Random(3264);
    int answered = 0;
    for (int round = 0; round < 10_000; round++) {
      byte[] b = seed.clone();
      for (int e = 1 + random.nextInt(6); e > 0; e--) {
        b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      SessionDescription offer;
      try {
        offer = parser.parse(b);
      } catch (SdpParseException e) {
        continue;
      }
      try {
        // the allocator must not copy peer text into the id: cmid "1@" would make it invalid
        SessionDescription answer =
            MrcpOfferAnswer.answer(offer, params().channels((cmid, res) -> "abc").build());
        assertThat(answer.media()).hasSameSizeAs(offer.media());
        assertThat(parser.parse(SdpWriter.write(answer))).isEqualTo(answer);
        answered++;
      } catch (SdpNegotiationException expected) {
        // no usable control line left after the mutation
      }
    }
    assertThat(answered).isGreaterThan(1000);
  }
}
