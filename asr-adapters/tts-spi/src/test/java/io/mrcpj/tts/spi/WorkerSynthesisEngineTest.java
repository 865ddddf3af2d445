package io.mrcpj.tts.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerSynthesisEngineTest {

  static final Voice VOICE = new Voice("tone", "male", 30, "en-US");

  /** Speaks each character as 10 ms of a constant level (its code), in 10 ms chunks. */
  static final class ToneEngine extends WorkerSynthesisEngine {
    final CountDownLatch hold = new CountDownLatch(1);
    volatile boolean block;

    ToneEngine(int threads, int queued) {
      super("tone", threads, queued);
    }

    @Override
    public List<Voice> voices() {
      return List.of(VOICE);
    }

    @Override
    public int sampleRate() {
      return 8000;
    }

    @Override
    protected void speak(String text, SynthesisRequest request, AudioOut out)
        throws SynthesisException, InterruptedException {
      if (block) {
        hold.await();
      }
      if (text.equals("fail")) {
        throw new SynthesisException(SynthesisException.Kind.ENGINE_FAILURE, "cannot say fail");
      }
      for (char c : text.toCharArray()) {
        short[] pcm = new short[80];
        java.util.Arrays.fill(pcm, (short) c);
        out.write(pcm);
      }
    }
  }

  /** Records what a stream delivered, as "audio:N", "mark:x", "complete", "error:msg". */
  static final class Recorder implements SynthesisListener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<short[]> audio = new ArrayList<>();

    @Override
    public synchronized void onAudio(short[] pcm) {
      audio.add(pcm);
      events.add("audio:" + pcm.length);
    }

    @Override
    public void onMark(String name) {
      events.add("mark:" + name);
    }

    @Override
    public void onComplete() {
      events.add("complete");
    }

    @Override
    public void onError(SynthesisException error) {
      events.add("error:" + error.getMessage());
    }

    List<String> until(String last) throws InterruptedException {
      List<String> seen = new ArrayList<>();
      while (true) {
        String e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event after " + seen).isNotNull();
        seen.add(e);
        if (e.startsWith(last)) {
          return seen;
        }
      }
    }
  }

  private ToneEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void segmentsComeOutInOrderWithMarksInPlaceAndPausesAsSilence() throws Exception {
    engine = new ToneEngine(1, 4);
    Recorder r = new Recorder();
    engine.open(
        new SynthesisRequest(
            List.of(
                new SpeechSegment.Text("ab"),
                new SpeechSegment.Mark("middle"),
                new SpeechSegment.Pause(250),
                new SpeechSegment.Text("  "),
                new SpeechSegment.Text("c")),
            VOICE,
            1.0,
            1.0,
            Map.of()),
        r);
    assertThat(r.until("complete"))
        .containsExactly(
            "audio:80",
            "audio:80",
            "mark:middle",
            "audio:800",
            "audio:800",
            "audio:400",
            "audio:80",
            "complete");
    assertThat(r.audio.get(0)[0]).isEqualTo((short) 'a');
    assertThat(r.audio.get(2)).containsOnly((short) 0);
  }

  @Test
  void volumeScalesAndClips() throws Exception {
    engine = new ToneEngine(1, 4);
    Recorder r = new Recorder();
    engine.open(
        new SynthesisRequest(List.of(new SpeechSegment.Text("a")), VOICE, 1.0, 0.5, Map.of()), r);
    r.until("complete");
    assertThat(r.audio.get(0)).containsOnly((short) Math.round('a' * 0.5));
    assertThat(WorkerSynthesisEngine.scaled(new short[] {20000, -20000}, 2.0))
        .containsExactly(Short.MAX_VALUE, Short.MIN_VALUE);
  }

  @Test
  void anEngineFailureIsReportedOnceAndNothingCompletes() throws Exception {
    engine = new ToneEngine(1, 4);
    Recorder r = new Recorder();
    engine.open(
        new SynthesisRequest(
            List.of(new SpeechSegment.Text("fail"), new SpeechSegment.Text("b")),
            VOICE,
            1.0,
            1.0,
            Map.of()),
        r);
    assertThat(r.until("error")).containsExactly("error:cannot say fail");
    assertThat(r.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void closingAStreamStopsItWithoutCompletion() throws Exception {
    engine = new ToneEngine(1, 4);
    engine.block = true;
    Recorder r = new Recorder();
    SynthesisStream s = engine.open(SynthesisRequest.text("abc", VOICE), r);
    s.close();
    s.close();
    engine.hold.countDown();
    assertThat(r.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    // the worker is free again for the next request
    engine.block = false;
    Recorder next = new Recorder();
    engine.open(SynthesisRequest.text("d", VOICE), next);
    assertThat(next.until("complete")).containsExactly("audio:80", "complete");
  }

  @Test
  void aFullQueueAndAnUnknownVoiceAreRefusedAtOnce() throws Exception {
    engine = new ToneEngine(1, 1);
    engine.block = true;
    engine.open(SynthesisRequest.text("a", VOICE), new Recorder());
    engine.open(SynthesisRequest.text("b", VOICE), new Recorder());
    // one runs (blocked), one waits: a third finds the queue full
    Thread.sleep(100);
    assertThatThrownBy(() -> engine.open(SynthesisRequest.text("c", VOICE), new Recorder()))
        .isInstanceOf(SynthesisException.class)
        .hasMessageContaining("busy");
    assertThat(engine.queuedWork()).isEqualTo(1);
    engine.hold.countDown();
    Voice other = new Voice("nobody", "female", 0, "en-US");
    assertThatThrownBy(() -> engine.open(SynthesisRequest.text("c", other), new Recorder()))
        .isInstanceOf(SynthesisException.class)
        .hasMessageContaining("nobody");
  }

  @Test
  void voicesMatchLanguagesByTagOrPrimaryLanguage() {
    assertThat(VOICE.speaks("en-US")).isTrue();
    assertThat(VOICE.speaks("EN-gb")).isTrue();
    assertThat(VOICE.speaks("de-DE")).isFalse();
    assertThat(VOICE.speaks(null)).isTrue();
    assertThatThrownBy(() -> new Voice("x", "robot", 0, "en")).hasMessageContaining("gender");
    assertThatThrownBy(() -> new SynthesisRequest(List.of(), VOICE, 0, 1, Map.of()))
        .hasMessageContaining("rate");
  }
}
