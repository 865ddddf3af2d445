package io.mrcpj.tts.freetts;

import com.sun.speech.freetts.OutputQueue;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisRequest;
import io.mrcpj.tts.spi.Voice;
import io.mrcpj.tts.spi.WorkerSynthesisEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeTTS synthesis on the base class's worker pool. A FreeTTS voice is not thread-safe, so the
 * engine loads one voice (with its own lexicon and audio capture) per worker thread at start and
 * lends them out: a synthesis takes an idle voice and gives it back when done. There are as many
 * voices as threads, so a running synthesis never waits for one.
 *
 * <p>Synthesis runs entirely on the worker thread: the output thread FreeTTS starts for each voice
 * is stopped at load, which makes FreeTTS hand its audio to the capture from the thread that called
 * {@code speak}. Audio is delivered one utterance (sentence) at a time as FreeTTS makes it, in
 * chunks of about 32 ms; a STOP takes effect at the next chunk.
 *
 * <p>Limits: English only (en-US); one voice per engine, so the engine's rate is that voice's (16
 * kHz for kevin16, 8 kHz for kevin). FreeTTS itself prints to standard error when an utterance
 * fails inside it (its own code, not reachable from here); such a failure reaches the listener as
 * an engine failure. Each voice holds about 10 MB.
 */
public final class FreeTtsEngine extends WorkerSynthesisEngine {

  static final String NAME = "freetts";
  private static final Logger log = LoggerFactory.getLogger(FreeTtsEngine.class);

  private final KevinVoice kind;
  private final List<Voice> voices;
  private final List<PooledVoice> loaded = new ArrayList<>();
  private final BlockingQueue<PooledVoice> idle;

  FreeTtsEngine(FreeTtsSettings settings) throws SynthesisException {
    super(NAME, settings.threads(), settings.maxQueued());
    this.kind = settings.voice();
    this.voices = List.of(kind.describe());
    this.idle = new ArrayBlockingQueue<>(settings.threads());
    long start = System.nanoTime();
    try {
      for (int i = 0; i < settings.threads(); i++) {
        PooledVoice v = load(kind);
        loaded.add(v);
        idle.add(v);
      }
    } catch (SynthesisException | RuntimeException | Error e) {
      close();
      throw e;
    }
    log.info(
        "FreeTTS voice {} ({} Hz) loaded for {} threads in {} ms",
        kind.freeTtsName(),
        kind.sampleRate(),
        settings.threads(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** A FreeTTS voice and its capture, loaded and ready; used by one thread at a time. */
  private record PooledVoice(
      com.sun.speech.freetts.Voice voice, PcmCapture capture, float normalStretch) {}

  private static PooledVoice load(KevinVoice kind) throws SynthesisException {
    // The voice directory is asked directly, not through FreeTTS's VoiceManager, which would
    // read the freetts.voices system property and scan the class path for voice lists. Each call
    // makes new voice objects with a lexicon of their own, so no two workers share state.
    com.sun.speech.freetts.Voice voice =
        Arrays.stream(new KevinVoiceDirectory().getVoices())
            .filter(v -> v.getName().equals(kind.freeTtsName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new SynthesisException(
                        SynthesisException.Kind.ENGINE_FAILURE,
                        "the FreeTTS jar has no voice named " + kind.freeTtsName()));
    PcmCapture capture = new PcmCapture(kind.sampleRate());
    voice.setAudioPlayer(capture);
    try {
      voice.allocate();
    } catch (RuntimeException | Error e) {
      // FreeTTS reports a voice or lexicon it cannot read as an Error wrapping the IOException.
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE,
          "cannot load the FreeTTS voice " + kind.freeTtsName() + ": " + e,
          e);
    }
    OutputQueue queue = voice.getOutputQueue();
    if (queue != null) {
      queue.close();
    }
    voice.setOutputQueue(null);
    return new PooledVoice(voice, capture, voice.getDurationStretch());
  }

  @Override
  public List<Voice> voices() {
    return voices;
  }

  @Override
  public int sampleRate() {
    return kind.sampleRate();
  }

  @Override
  protected void speak(String text, SynthesisRequest request, AudioOut out)
      throws SynthesisException, InterruptedException {
    PooledVoice v = idle.take();
    try {
      v.capture().attach(out);
      // Rate 2.0 halves every duration; FreeTTS's own words-per-minute setter would refuse
      // rates above 1000 wpm, which a rate of 10 asks for.
      v.voice().setDurationStretch((float) (v.normalStretch() / request.rate()));
      boolean spoken = v.voice().speak(text);
      String problem = v.capture().problem();
      if (problem != null) {
        throw new SynthesisException(SynthesisException.Kind.ENGINE_FAILURE, problem);
      }
      if (!spoken && !out.cancelled()) {
        throw new SynthesisException(
            SynthesisException.Kind.ENGINE_FAILURE,
            "FreeTTS could not speak a text of " + text.length() + " characters");
      }
    } finally {
      v.capture().detach();
      idle.add(v);
    }
  }

  /** Stops the workers, then releases the voices. */
  @Override
  public void close() {
    super.close();
    for (PooledVoice v : loaded) {
      v.voice().deallocate();
    }
    loaded.clear();
  }
}
