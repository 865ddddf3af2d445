package io.mrcpj.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MrcpHeadersTest {

  @Test
  void namesAreCaseInsensitiveOrderAndSpellingAreKept() {
    MrcpHeaders h =
        MrcpHeaders.builder()
            .add("channel-identifier", "1@speechrecog")
            .add("X-Vendor-Thing", "a")
            .add("X-VENDOR-THING", "b")
            .build();
    assertThat(h.get("Channel-Identifier")).contains("1@speechrecog");
    assertThat(h.getAll("x-vendor-thing")).containsExactly("a", "b");
    assertThat(h.all())
        .extracting(MrcpHeaders.Header::name)
        .containsExactly("channel-identifier", "X-Vendor-Thing", "X-VENDOR-THING");
  }

  @Test
  void setReplacesInPlaceAndDropsDuplicates() {
    MrcpHeaders h =
        MrcpHeaders.builder().add("A", "1").add("B", "2").add("a", "3").build().toBuilder()
            .set("A", "9")
            .build();
    assertThat(h.all())
        .containsExactly(new MrcpHeaders.Header("A", "9"), new MrcpHeaders.Header("B", "2"));
  }

  @Test
  void headerInjectionIsRefused() {
    assertThatThrownBy(() -> MrcpHeaders.builder().add("A", "1\r\nEvil: yes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MrcpHeaders.builder().add("Bad Name", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MrcpHeaders.builder().add("A:B", "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typedValuesParseLenientlyAndFormatCanonically() {
    MrcpHeaders h =
        MrcpHeaders.builder()
            .add("Start-Input-Timers", " TRUE ")
            .add("No-Input-Timeout", "5000")
            .add("Confidence-Threshold", "0.75")
            .add("Active-Request-Id-List", "1, 2,4294967295")
            .add("Vendor-Specific-Parameters", "com.acme.beam=10;lang=\"en\"")
            .add("Recognition-Mode", "HotWord")
            .build();
    assertThat(h.get(RecognizerHeaders.START_INPUT_TIMERS)).contains(true);
    assertThat(h.get(RecognizerHeaders.NO_INPUT_TIMEOUT)).contains(5000L);
    assertThat(h.get(RecognizerHeaders.CONFIDENCE_THRESHOLD)).contains(0.75f);
    assertThat(h.get(GenericHeaders.ACTIVE_REQUEST_ID_LIST)).contains(List.of(1L, 2L, 4294967295L));
    assertThat(h.get(GenericHeaders.VENDOR_SPECIFIC_PARAMETERS))
        .contains(Map.of("com.acme.beam", "10", "lang", "en"));
    assertThat(h.get(RecognizerHeaders.RECOGNITION_MODE)).contains("hotword");
    assertThat(GenericHeaders.ACTIVE_REQUEST_ID_LIST.format(List.of(3L, 4L))).isEqualTo("3,4");
    assertThat(RecognizerHeaders.START_INPUT_TIMERS.format(false)).isEqualTo("false");
    assertThat(RecognizerHeaders.CONFIDENCE_THRESHOLD.format(0.5f)).isEqualTo("0.5");
  }

  @Test
  void badValuesNameTheHeader() {
    MrcpHeaders h =
        MrcpHeaders.builder()
            .add("Start-Input-Timers", "yes")
            .add("No-Input-Timeout", "-5")
            .add("Confidence-Threshold", "1.5")
            .add("Active-Request-Id-List", "1,x")
            .add("Channel-Identifier", "no-at-sign")
            .add("Voice-Gender", "robot")
            .build();
    for (HeaderField<?> f :
        List.of(
            RecognizerHeaders.START_INPUT_TIMERS,
            RecognizerHeaders.NO_INPUT_TIMEOUT,
            RecognizerHeaders.CONFIDENCE_THRESHOLD,
            GenericHeaders.ACTIVE_REQUEST_ID_LIST,
            GenericHeaders.CHANNEL_IDENTIFIER,
            SynthesizerHeaders.VOICE_GENDER)) {
      assertThatThrownBy(() -> h.get(f))
          .as(f.name())
          .isInstanceOf(HeaderValueException.class)
          .satisfies(e -> assertThat(((HeaderValueException) e).headerName()).isEqualTo(f.name()));
    }
  }

  @Test
  void completionCausesParseByCodeOrNameAndWriteThreeDigits() {
    assertThat(RecognizerCompletionCause.parse("002 no-input-timeout"))
        .isEqualTo(RecognizerCompletionCause.NO_INPUT_TIMEOUT);
    assertThat(RecognizerCompletionCause.parse("16"))
        .isEqualTo(RecognizerCompletionCause.GRAMMAR_DEFINITION_FAILURE);
    assertThat(RecognizerCompletionCause.parse("no-match"))
        .isEqualTo(RecognizerCompletionCause.NO_MATCH);
    assertThat(RecognizerCompletionCause.values()).hasSize(17);
    assertThat(SynthesizerCompletionCause.values()).hasSize(8);
    assertThat(RecorderCompletionCause.values()).hasSize(5);
    assertThat(SynthesizerCompletionCause.BARGE_IN.toHeaderValue()).isEqualTo("001 barge-in");
    assertThat(RecorderCompletionCause.parse("001"))
        .isEqualTo(RecorderCompletionCause.SUCCESS_MAXTIME);
    assertThatThrownBy(() -> RecognizerCompletionCause.parse("099 what"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constantsAreExtensibleAndResourcesKnowTheirMethods() {
    assertThat(MrcpMethod.of("RECOGNIZE")).isSameAs(MrcpMethod.RECOGNIZE);
    assertThat(MrcpMethod.of("X-FOO")).isEqualTo(MrcpMethod.of("X-FOO"));
    assertThat(MrcpEventName.of("START-OF-INPUT")).isSameAs(MrcpEventName.START_OF_INPUT);
    assertThat(MrcpResource.SPEECHRECOG.methods())
        .contains(MrcpMethod.RECOGNIZE, MrcpMethod.SET_PARAMS)
        .doesNotContain(MrcpMethod.SPEAK);
    assertThat(MrcpResource.SPEECHSYNTH.events()).contains(MrcpEventName.SPEAK_COMPLETE);
    assertThat(MrcpResource.RECORDER.methods()).contains(MrcpMethod.RECORD);
    assertThat(MrcpResource.of("weird").isStandard()).isFalse();
    assertThat(StatusCode.of(405)).isSameAs(StatusCode.RESOURCE_NOT_ALLOCATED);
    assertThat(StatusCode.of(433).isClientError()).isTrue();
    assertThatThrownBy(() -> StatusCode.of(42)).isInstanceOf(IllegalArgumentException.class);
    assertThat(RequestState.fromWire("in-progress")).isEqualTo(RequestState.IN_PROGRESS);
  }

  @Test
  void requestIdsAre32BitUnsigned() {
    assertThat(MrcpMessage.parseRequestId("4294967295")).isEqualTo(4294967295L);
    assertThatThrownBy(() -> MrcpMessage.parseRequestId("4294967296"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MrcpRequest.builder().requestId(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
