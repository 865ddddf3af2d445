package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixtures made with sox and flite by scripts/make-test-audio.sh. */
class GoertzelDtmfDetectorTest {

  private final List<DtmfDigit> digits = new ArrayList<>();

  private String detect(String fixture, int chunk) {
    WavFile wav = TestAudio.load(fixture);
    GoertzelDtmfDetector detector = new GoertzelDtmfDetector(wav.sampleRate(), digits::add);
    short[] pcm = wav.samples();
    for (int i = 0; i < pcm.length; i += chunk) {
      detector.process(pcm, i, Math.min(chunk, pcm.length - i));
    }
    StringBuilder sb = new StringBuilder();
    digits.forEach(d -> sb.append(d.digit()));
    return sb.toString();
  }

  @Test
  void cleanSequenceAt8kHz() {
    assertThat(detect("dtmf-clean-8k.wav", 160)).isEqualTo("1234567890*#ABCD");
    // the fixture has 200 ms of silence, then 100 ms tone + 100 ms gap per digit
    for (int i = 0; i < digits.size(); i++) {
      long trueStart = 1600 + 1600L * i;
      assertThat(digits.get(i).startTimestamp()).isBetween(trueStart - 205, trueStart + 205);
      assertThat(digits.get(i).duration()).isBetween(205L, 800L);
    }
  }

  @Test
  void cleanSequenceAt16kHz() {
    assertThat(detect("dtmf-clean-16k.wav", 320)).isEqualTo("1234567890*#ABCD");
  }

  @Test
  void noisySequence() {
    assertThat(detect("dtmf-noisy-8k.wav", 160)).isEqualTo("1234567890*#ABCD");
  }

  @Test
  void chunkSizeDoesNotMatter() {
    String whole = detect("dtmf-noisy-8k.wav", 1_000_000);
    List<DtmfDigit> first = new ArrayList<>(digits);
    digits.clear();
    assertThat(detect("dtmf-noisy-8k.wav", 37)).isEqualTo(whole);
    assertThat(digits).isEqualTo(first);
  }

  @Test
  void noDigitInSpeech() {
    assertThat(detect("speech-8k.wav", 160)).isEmpty();
  }

  @Test
  void noDigitInNoiseOrSilence() {
    assertThat(detect("noise-8k.wav", 160)).isEmpty();
    GoertzelDtmfDetector detector = new GoertzelDtmfDetector(8000, digits::add);
    detector.process(new short[8000], 0, 8000);
    assertThat(digits).isEmpty();
  }

  @Test
  void rejectsSingleToneAndTooShortTone() {
    GoertzelDtmfDetector detector = new GoertzelDtmfDetector(8000, digits::add);
    short[] single = TestAudio.sine(8000, 1209, 8000, 1600);
    detector.process(single, 0, single.length);
    assertThat(digits).as("one tone only").isEmpty();

    short[] shortTone = dualTone(697, 1209, 160); // 20 ms, below the ~40 ms minimum
    detector.process(shortTone, 0, shortTone.length);
    detector.process(new short[800], 0, 800);
    assertThat(digits).as("20 ms tone").isEmpty();

    short[] tone = dualTone(697, 1209, 400); // 50 ms
    detector.process(tone, 0, tone.length);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('1');
    assertThat(detector.digits()).isEqualTo(1);
  }

  @Test
  void fiftyMillisecondToneIsDetectedAtEveryBlockAlignment() {
    for (int lead = 0; lead < 205; lead += 13) {
      digits.clear();
      GoertzelDtmfDetector detector = new GoertzelDtmfDetector(8000, digits::add);
      detector.process(new short[lead], 0, lead);
      short[] tone = dualTone(941, 1633, 400);
      detector.process(tone, 0, tone.length);
      detector.process(new short[800], 0, 800);
      assertThat(digits).as("lead %d", lead).extracting(DtmfDigit::digit).containsExactly('D');
    }
  }

  @Test
  void excessiveTwistIsRejected() {
    GoertzelDtmfDetector detector = new GoertzelDtmfDetector(8000, digits::add);
    short[] a = TestAudio.sine(8000, 852, 8000, 1600);
    short[] b = TestAudio.sine(8000, 1477, 1000, 1600); // high group 18 dB weaker
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    detector.process(a, 0, a.length);
    assertThat(digits).isEmpty();
  }

  private static short[] dualTone(double f1, double f2, int samples) {
    short[] a = TestAudio.sine(8000, f1, 6000, samples);
    short[] b = TestAudio.sine(8000, f2, 6000, samples);
    for (int i = 0; i < samples; i++) {
      a[i] += b[i];
    }
    return a;
  }
}
