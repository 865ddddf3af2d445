package io.mrcpj.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecSelectorTest {

  private static final RtpCodec G722 = RtpCodec.staticPayloadType(9).orElseThrow();
  private static final RtpCodec L16_8 = new RtpCodec(96, "L16", 8000, 1);
  private static final RtpCodec L16_16 = new RtpCodec(98, "l16", 16000, 1);
  private static final RtpCodec TE_8 = new RtpCodec(101, "telephone-event", 8000, 1);
  private static final RtpCodec TE_16 = new RtpCodec(100, "TELEPHONE-EVENT", 16000, 1);

  private final CodecSelector defaults = CodecSelector.defaults();

  /** The defaults plus G.722, in the order a deployment would list them. */
  private static final CodecSelector WITH_G722 =
      new CodecSelector(
          List.of(
              RtpCodec.format("PCMU", 8000),
              RtpCodec.format("PCMA", 8000),
              RtpCodec.L16_8K,
              RtpCodec.G722,
              RtpCodec.L16_16K),
          CodecSelector.Order.OFFERER,
          true);

  @Test
  void uniMrcpOfferGivesG722AndTelephoneEvent() {
    var s = defaults.select(List.of(RtpCodec.PCMU, RtpCodec.PCMA, G722, L16_8, TE_8)).orElseThrow();
    assertThat(s.codec()).isEqualTo(G722);
    assertThat(s.telephoneEvent()).contains(TE_8);
  }

  @Test
  void freeSwitchOfferHasNoTelephoneEvent() {
    var s = defaults.select(List.of(RtpCodec.PCMU, RtpCodec.PCMA, L16_8)).orElseThrow();
    assertThat(s.codec()).isEqualTo(RtpCodec.PCMU);
    assertThat(s.telephoneEvent()).isEmpty();
  }

  @Test
  void wideBandWinsAndKeepsTheOfferersNumberAndCase() {
    var s = defaults.select(List.of(RtpCodec.PCMU, TE_8, L16_16, TE_16)).orElseThrow();
    assertThat(s.codec()).isEqualTo(L16_16);
    assertThat(s.telephoneEvent()).contains(TE_16);
  }

  @Test
  void telephoneEventAtAnotherRateIsLeftOut() {
    var s = defaults.select(List.of(L16_16, TE_8)).orElseThrow();
    assertThat(s.codec()).isEqualTo(L16_16);
    assertThat(s.telephoneEvent()).isEmpty();
  }

  @Test
  void wideBandPreferenceCanBeTurnedOff() {
    var narrow =
        new CodecSelector(CodecSelector.DEFAULT_SUPPORTED, CodecSelector.Order.OFFERER, false);
    assertThat(narrow.select(List.of(RtpCodec.PCMA, L16_16)).orElseThrow().codec())
        .isEqualTo(RtpCodec.PCMA);
  }

  @Test
  void ourOrderPicksOurFirst() {
    var ours = new CodecSelector(CodecSelector.DEFAULT_SUPPORTED, CodecSelector.Order.OURS, true);
    assertThat(ours.select(List.of(L16_8, RtpCodec.PCMA, RtpCodec.PCMU)).orElseThrow().codec())
        .isEqualTo(RtpCodec.PCMU);
    assertThat(defaults.select(List.of(L16_8, RtpCodec.PCMA, RtpCodec.PCMU)).orElseThrow().codec())
        .isEqualTo(L16_8);
  }

  @Test
  void aFuture16kHzCodecIsPreferredToo() {
    RtpCodec opus16 = RtpCodec.format("X-WB", 16000);
    var sel =
        new CodecSelector(
            List.of(RtpCodec.format("PCMU", 8000), opus16), CodecSelector.Order.OFFERER, true);
    RtpCodec offered = new RtpCodec(111, "x-wb", 16000, 1);
    assertThat(sel.select(List.of(RtpCodec.PCMU, offered)).orElseThrow().codec())
        .isEqualTo(offered);
  }

  @Test
  void g722HasAnEightKilohertzClockAndSixteenKilohertzAudio() {
    assertThat(G722).isEqualTo(RtpCodec.G722);
    assertThat(RtpCodec.G722.rtpmap()).isEqualTo("9 G722/8000");
    assertThat(RtpCodec.G722.clockRate()).isEqualTo(8000);
    assertThat(RtpCodec.G722.audioRate()).isEqualTo(16000);
    assertThat(RtpCodec.parseRtpmap("9 g722/8000").orElseThrow().audioRate()).isEqualTo(16000);
    assertThat(RtpCodec.PCMU.audioRate()).isEqualTo(8000);
    assertThat(L16_8.audioRate()).isEqualTo(8000);
    assertThat(L16_16.audioRate()).isEqualTo(16000);
    assertThat(TE_8.audioRate()).isEqualTo(8000);
  }

  @Test
  void uniMrcpOfferGivesG722AndEightKilohertzTelephoneEventWhenSupported() {
    var s =
        WITH_G722.select(List.of(RtpCodec.PCMU, RtpCodec.PCMA, G722, L16_8, TE_8)).orElseThrow();
    assertThat(s.codec()).isEqualTo(G722);
    // telephone-event runs on the RTP clock, which is 8000 for G.722
    assertThat(s.telephoneEvent()).contains(TE_8);
  }

  @Test
  void g722IsWidebandAndTiesGoByOrder() {
    assertThat(WITH_G722.select(List.of(RtpCodec.PCMU, L16_16, G722)).orElseThrow().codec())
        .isEqualTo(L16_16);
    var s = WITH_G722.select(List.of(RtpCodec.PCMU, G722, L16_16, TE_16)).orElseThrow();
    assertThat(s.codec()).isEqualTo(G722);
    assertThat(s.telephoneEvent()).isEmpty(); // only a 16000 Hz telephone-event was offered
    var ours =
        new CodecSelector(WITH_G722.supported(), CodecSelector.Order.OURS, true)
            .select(List.of(RtpCodec.PCMU, L16_16, G722));
    assertThat(ours.orElseThrow().codec()).isEqualTo(G722);
    assertThat(WITH_G722.select(List.of(RtpCodec.PCMU, G722)).orElseThrow().codec())
        .isEqualTo(G722);
    var narrow =
        new CodecSelector(WITH_G722.supported(), CodecSelector.Order.OFFERER, false)
            .select(List.of(RtpCodec.PCMU, G722));
    assertThat(narrow.orElseThrow().codec()).isEqualTo(RtpCodec.PCMU);
  }

  @Test
  void nothingInCommon() {
    assertThat(defaults.select(List.of(RtpCodec.staticPayloadType(18).orElseThrow(), TE_8)))
        .isEmpty();
    assertThat(defaults.select(List.of())).isEmpty();
    assertThat(defaults.select(List.of(new RtpCodec(10, "L16", 44100, 2)))).isEmpty();
    assertThatThrownBy(() -> new CodecSelector(List.of(), CodecSelector.Order.OURS, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
