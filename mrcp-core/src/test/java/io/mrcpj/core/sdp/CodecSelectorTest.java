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

  @Test
  void uniMrcpOfferGivesPcmuAndTelephoneEvent() {
    var s = defaults.select(List.of(RtpCodec.PCMU, RtpCodec.PCMA, G722, L16_8, TE_8)).orElseThrow();
    assertThat(s.codec()).isEqualTo(RtpCodec.PCMU);
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
  void nothingInCommon() {
    assertThat(defaults.select(List.of(G722, TE_8))).isEmpty();
    assertThat(defaults.select(List.of())).isEmpty();
    assertThat(defaults.select(List.of(new RtpCodec(10, "L16", 44100, 2)))).isEmpty();
    assertThatThrownBy(() -> new CodecSelector(List.of(), CodecSelector.Order.OURS, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
