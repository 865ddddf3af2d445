package io.mrcpj.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EnergyVadTest {

  private static final EnergyVad.Config CONFIG =
      EnergyVad.Config.builder().onsetMillis(60).silenceMillis(400).build();

  /** Runs the VAD over 20 ms frames and records (event, position after the frame). */
  private static List<long[]> run(EnergyVad vad, short[] pcm, int frame) {
    List<long[]> events = new ArrayList<>();
    for (int i = 0; i + frame <= pcm.length; i += frame) {
      EnergyVad.Event e = vad.process(pcm, i, frame);
      if (e != EnergyVad.Event.NONE) {
        events.add(new long[] {e.ordinal(), vad.position()});
      }
    }
    return events;
  }

  @Test
  void detectsStartAndEndOfFliteSpeech() {
    short[] pcm = TestAudio.load("speech-8k.wav").samples();
    // true onset and end, measured on the samples: first and last sample above -40 dBFS
    int onset = 0;
    while (Math.abs(pcm[onset]) < 328) {
      onset++;
    }
    int last = pcm.length - 1;
    while (Math.abs(pcm[last]) < 328) {
      last--;
    }
    EnergyVad vad = new EnergyVad(8000, CONFIG);
    List<long[]> events = run(vad, pcm, 160);

    assertThat(events).isNotEmpty();
    assertThat(events.get(0)[0]).isEqualTo(EnergyVad.Event.START_OF_SPEECH.ordinal());
    long start = findStart(pcm);
    assertThat(start).isBetween(onset - 160L, onset + 400L);
    // reported once the 60 ms onset is confirmed: at most onset + 60 ms + 2 frames
    assertThat(events.get(0)[1]).isBetween(start + 480, start + 480 + 320);

    long[] end = events.get(events.size() - 1);
    assertThat(end[0]).isEqualTo(EnergyVad.Event.END_OF_SPEECH.ordinal());
    assertThat(end[1])
        .as("end reported 400 ms after the last speech")
        .isBetween(last + 3200L - 160, last + 3200L + 480);
    assertThat(vad.inSpeech()).isFalse();
  }

  private static long findStart(short[] pcm) {
    EnergyVad vad = new EnergyVad(8000, CONFIG);
    for (int i = 0; i + 160 <= pcm.length; i += 160) {
      if (vad.process(pcm, i, 160) == EnergyVad.Event.START_OF_SPEECH) {
        return vad.speechStartSample();
      }
    }
    return -1;
  }

  @Test
  void adaptsToBackgroundNoise() {
    short[] pcm = TestAudio.load("speech-8k.wav").samples();
    short[] noise = TestAudio.load("noise-8k.wav").samples();
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (pcm[i] + noise[i % noise.length]);
    }
    EnergyVad vad = new EnergyVad(8000, CONFIG);
    List<long[]> events = run(vad, pcm, 160);
    assertThat(events).hasSizeGreaterThanOrEqualTo(2);
    assertThat(events.get(0)[0]).isEqualTo(EnergyVad.Event.START_OF_SPEECH.ordinal());
    // noise at about -53 dBFS: the floor follows it, and speech (about -24 dBFS) still starts
    // within 100 ms of the clean-signal onset (0.7 s in: 0.5 s lead + flite's own lead-in)
    assertThat(vad.noiseFloorDbfs()).isBetween(-60.0, -45.0);
    assertThat(findStart(TestAudio.load("speech-8k.wav").samples()))
        .isCloseTo(findStart(pcm), Offset.offset(800L));
  }

  @Test
  void nothingOnSilenceOrSteadyNoise() {
    assertThat(run(new EnergyVad(8000, CONFIG), new short[16000], 160)).isEmpty();
    short[] noise = TestAudio.load("noise-8k.wav").samples();
    assertThat(run(new EnergyVad(8000, CONFIG), noise, 160)).isEmpty();
  }

  @Test
  void shortClickIsNotSpeech() {
    short[] pcm = new short[8000];
    short[] click = TestAudio.sine(8000, 500, 10000, 320); // 40 ms, below the 60 ms onset
    System.arraycopy(click, 0, pcm, 3200, click.length);
    assertThat(run(new EnergyVad(8000, CONFIG), pcm, 160)).isEmpty();
  }

  @Test
  void toneAfterSilenceStartsAtItsFirstFrame() {
    short[] pcm = new short[16000];
    short[] tone = TestAudio.sine(8000, 500, 3000, 4000);
    System.arraycopy(tone, 0, pcm, 4000, tone.length);
    EnergyVad vad = new EnergyVad(8000, CONFIG);
    List<long[]> events = run(vad, pcm, 160);
    assertThat(events).hasSize(2);
    assertThat(vad.speechStartSample()).isEqualTo(4000);
    assertThat(vad.speechEndSample()).isEqualTo(8000);
    assertThat(events.get(1)[1]).isEqualTo(8000 + 3200);
  }
}
