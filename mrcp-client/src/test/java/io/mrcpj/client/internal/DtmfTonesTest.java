package io.mrcpj.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.media.GoertzelDtmfDetector;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DtmfTonesTest {

  @Test
  void digitsMapToTheirRfc4733EventCodes() {
    assertThat(DtmfTones.events("0123456789*#ABCD"))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(DtmfTones.events("")).isEmpty();
  }

  static Stream<Arguments> badDigits() {
    return Stream.of(
        Arguments.of("12x", 'x'),
        Arguments.of("a", 'a'), // lower case is not a digit
        Arguments.of("9E", 'E'),
        Arguments.of("1 2", ' '),
        Arguments.of("1-2", '-'),
        Arguments.of("\u0663", '\u0663')); // ARABIC-INDIC DIGIT THREE
  }

  @ParameterizedTest
  @MethodSource("badDigits")
  void anythingElseIsRefusedNamingTheCharacter(String digits, char bad) {
    assertThatThrownBy(() -> DtmfTones.events(digits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + bad + "'")
        .hasMessageContaining("0-9, *, #, A-D");
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 16000})
  void eachDigitIs100MsOfTwoTonesAtMinus10DbfsThen100MsOfSilence(int rate) {
    String digits = "1234567890*#ABCD";
    short[] pcm = DtmfTones.pcm(DtmfTones.events(digits), rate);
    int tone = rate / 10;
    assertThat(pcm).hasSize(digits.length() * 2 * tone);
    double amplitude = 32767 * Math.pow(10, -10 / 20.0);
    for (int d = 0; d < digits.length(); d++) {
      // two sines of amplitude A have an RMS of A
      assertThat(rms(pcm, 2 * d * tone, 2 * d * tone + tone))
          .isBetween(amplitude * 0.97, amplitude * 1.03);
      assertThat(rms(pcm, 2 * d * tone + tone, 2 * (d + 1) * tone)).isZero();
    }
    StringBuilder heard = new StringBuilder();
    new GoertzelDtmfDetector(rate, x -> heard.append(x.digit())).process(pcm, 0, pcm.length);
    assertThat(heard).hasToString(digits);
  }

  private static double rms(short[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }
}
