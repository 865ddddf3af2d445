package io.mrcpj.server.resource.synth;

import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.server.control.ResourceChannel.ControlConnection;
import io.mrcpj.server.media.RtpOutput;
import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.SynthesisListener;
import io.mrcpj.tts.spi.SynthesisRequest;
import io.mrcpj.tts.spi.SynthesisStream;

/**
 * One SPEAK request: what it says, its parameters, and while it is the active one, the engine
 * stream feeding the channel's {@link RtpOutput}. The engine's PCM is converted to the output's
 * rate (halved or doubled: engines at 8 or 16 kHz) on the engine's thread and queued with the
 * output's epoch, so audio of a SPEAK that was stopped never plays. Marks and the end go into the
 * output as cues, so SPEECH-MARKER and SPEAK-COMPLETE leave when the audio before them has been
 * sent.
 */
final class Speak {

  /** What the channel hears back from an active SPEAK; each call is made on some other thread. */
  interface Events {
    void marker(Speak speak, String name);

    void spoken(Speak speak);

    void failed(Speak speak, SynthesisException error);
  }

  final MrcpRequest request;
  final ControlConnection connection;
  final SynthParams params;
  final SpeakContent.Parsed content; // null when the body failed to parse
  final String parseFailure;
  final java.util.List<String> uris; // a text/uri-list SPEAK's URIs, else null

  private volatile boolean stopped;
  private volatile SynthesisStream stream;
  private RtpOutput output;
  private long epoch;
  private Resampler resampler;
  private long samples;
  private long maxSamples;

  Speak(
      MrcpRequest request,
      ControlConnection connection,
      SynthParams params,
      SpeakContent.Parsed content,
      String parseFailure,
      java.util.List<String> uris) {
    this.uris = uris;
    this.request = request;
    this.connection = connection;
    this.params = params;
    this.content = content;
    this.parseFailure = parseFailure;
  }

  long requestId() {
    return request.requestId();
  }

  /** Samples sent so far would be this many seconds of audio (for logs). */
  double seconds() {
    RtpOutput o = output;
    return o == null ? 0 : (double) samples / o.sampleRate();
  }

  /** Audio fetched from a URI of a {@code text/uri-list} SPEAK: 16-bit mono PCM at {@code rate}. */
  record Pcm(short[] samples, int rate) {}

  private SynthesisEngine engine;
  private Events events;
  private java.util.List<Object> parts;
  private int nextPart;

  /**
   * Starts speaking {@code parts} in order (each a {@link SynthesisRequest} for {@code engine} or a
   * {@link Pcm} to play as it is), the audio going to {@code out} from a fresh epoch.
   *
   * @param maxSeconds the longest audio one SPEAK may make; beyond it the SPEAK fails
   * @throws SynthesisException when the first part cannot start
   */
  void begin(
      SynthesisEngine engine,
      java.util.List<Object> parts,
      RtpOutput out,
      int maxSeconds,
      Events events)
      throws SynthesisException {
    this.engine = engine;
    this.events = events;
    this.parts = java.util.List.copyOf(parts);
    this.output = out;
    this.epoch = out.clear();
    this.maxSamples = (long) maxSeconds * out.sampleRate();
    playNext();
  }

  /** A converter from {@code from} Hz to the output's rate, or null when they are the same. */
  private Resampler converter(int from, String what) throws SynthesisException {
    int to = output.sampleRate();
    if (from == to) {
      return null;
    }
    if (from * 2 == to) {
      return Resampler.upsampler();
    }
    if (from == to * 2) {
      return Resampler.downsampler();
    }
    throw new SynthesisException(
        SynthesisException.Kind.ENGINE_FAILURE,
        what
            + " is "
            + from
            + " Hz audio, which cannot be sent as "
            + output.codec().encodingName()
            + " at "
            + to
            + " Hz (8 and 16 kHz can)");
  }

  /** Starts the next part, or cues the end after the last one. Any thread; never blocks. */
  private void playNext() throws SynthesisException {
    while (!stopped) {
      if (nextPart == parts.size()) {
        output.cue(() -> events.spoken(Speak.this), epoch);
        return;
      }
      Object p = parts.get(nextPart++);
      if (p instanceof SynthesisRequest r) {
        resampler = converter(engine.sampleRate(), "engine " + engine.name());
        stream = engine.open(r, listener());
        return;
      }
      Pcm a = (Pcm) p;
      resampler = converter(a.rate(), "audio from the URI list");
      int chunk = a.rate() / 10;
      for (int i = 0; i < a.samples().length && !stopped; i += chunk) {
        int n = Math.min(chunk, a.samples().length - i);
        audio(java.util.Arrays.copyOfRange(a.samples(), i, i + n));
      }
    }
  }

  /** Converts and queues a chunk, failing the SPEAK once it is longer than allowed. */
  private void audio(short[] pcm) {
    short[] out = pcm;
    if (resampler != null) {
      short[] r = new short[resampler.maxOutputLength(pcm.length)];
      int n = resampler.process(pcm, 0, pcm.length, r, 0);
      out = n == r.length ? r : java.util.Arrays.copyOf(r, n);
    }
    samples += out.length;
    if (samples > maxSamples) {
      stopped = true;
      events.failed(
          Speak.this,
          new SynthesisException(
              SynthesisException.Kind.ENGINE_FAILURE,
              "the speech is longer than "
                  + maxSamples / output.sampleRate()
                  + " s (synthesis.max-speak-seconds)"));
      return;
    }
    output.write(out, epoch);
  }

  private SynthesisListener listener() {
    return new SynthesisListener() {
      @Override
      public void onAudio(short[] pcm) {
        if (!stopped) {
          audio(pcm);
        }
      }

      @Override
      public void onMark(String name) {
        if (!stopped) {
          output.cue(() -> events.marker(Speak.this, name), epoch);
        }
      }

      @Override
      public void onComplete() {
        if (stopped) {
          return;
        }
        stream = null;
        try {
          playNext();
        } catch (SynthesisException e) {
          events.failed(Speak.this, e);
        }
      }

      @Override
      public void onError(SynthesisException error) {
        if (!stopped) {
          events.failed(Speak.this, error);
        }
      }
    };
  }

  /** Pauses or resumes the audio. */
  void pause(boolean pause) {
    RtpOutput o = output;
    if (o != null) {
      o.pause(pause);
    }
  }

  /** Ends it: the engine stream closes and what is queued is dropped. Idempotent. */
  void stop() {
    stopped = true;
    SynthesisStream s = stream;
    stream = null;
    if (s != null) {
      s.close();
    }
    RtpOutput o = output;
    if (o != null) {
      o.clear();
      o.pause(false);
    }
  }

  /** Whether its engine stream is open (leak checks). */
  boolean streaming() {
    return stream != null;
  }
}
