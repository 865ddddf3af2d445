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

  private volatile boolean stopped;
  private SynthesisStream stream;
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
      String parseFailure) {
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

  /**
   * Starts the engine on {@code request}, its audio going to {@code out} from a fresh epoch.
   *
   * @param maxSeconds the longest audio one SPEAK may make; beyond it the SPEAK fails
   * @throws SynthesisException when the engine refuses it or its rate cannot be converted
   */
  void begin(
      SynthesisEngine engine,
      SynthesisRequest synthesis,
      RtpOutput out,
      int maxSeconds,
      Events events)
      throws SynthesisException {
    int from = engine.sampleRate();
    int to = out.sampleRate();
    if (from == to) {
      resampler = null;
    } else if (from * 2 == to) {
      resampler = Resampler.upsampler();
    } else if (from == to * 2) {
      resampler = Resampler.downsampler();
    } else {
      throw new SynthesisException(
          SynthesisException.Kind.ENGINE_FAILURE,
          "engine "
              + engine.name()
              + " makes "
              + from
              + " Hz audio, which cannot be sent as "
              + out.codec().encodingName()
              + " at "
              + to
              + " Hz");
    }
    this.output = out;
    this.epoch = out.clear();
    this.maxSamples = (long) maxSeconds * to;
    this.stream = engine.open(synthesis, listener(events));
  }

  private SynthesisListener listener(Events events) {
    return new SynthesisListener() {
      @Override
      public void onAudio(short[] pcm) {
        if (stopped) {
          return;
        }
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

      @Override
      public void onMark(String name) {
        if (!stopped) {
          output.cue(() -> events.marker(Speak.this, name), epoch);
        }
      }

      @Override
      public void onComplete() {
        if (!stopped) {
          output.cue(() -> events.spoken(Speak.this), epoch);
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
