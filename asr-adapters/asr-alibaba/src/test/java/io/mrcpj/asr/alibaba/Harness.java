package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.WavFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the integration tests share: the speech fixture (flite's rms voice saying "four five six
 * one", mrcp-client's 8 kHz recording, and the same brought to 16 kHz by mrcp-core's Resampler),
 * stand-in servers and engines closed after each test, and feeding in 20 ms frames as RTP does.
 */
final class Harness {

  static final String APP_KEY = "test-app-key";

  /** The environment of a server with a token and nothing else. */
  static final Map<String, String> TOKEN_ENV = Map.of(Credentials.TOKEN_ENV, "test-token");

  static final short[] SPEECH_8K = read8k();
  static final short[] SPEECH_16K = up(SPEECH_8K);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  private static short[] read8k() {
    try (InputStream in =
        Harness.class.getResourceAsStream("/speech/rms-four-five-six-one-8k.wav")) {
      WavFile wav = WavFile.read(in.readAllBytes());
      if (wav.sampleRate() != 8000) {
        throw new IllegalStateException("the fixture is " + wav.sampleRate() + " Hz");
      }
      return Arrays.copyOf(wav.samples(), wav.sampleCount());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static short[] up(short[] pcm8k) {
    Resampler r = Resampler.upsampler();
    short[] out = new short[r.maxOutputLength(pcm8k.length)];
    return Arrays.copyOf(out, r.process(pcm8k, 0, pcm8k.length, out, 0));
  }

  FakeNlsServer server(FakeNlsServer.Script script) throws InterruptedException {
    return keep(new FakeNlsServer(script));
  }

  /** An engine for {@code url}: English, the test app key, then {@code keyValues}. */
  AlibabaNlsEngine engine(String url, Map<String, String> env, String... keyValues)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(AlibabaNlsSettings.URL, url);
    settings.put(AlibabaNlsSettings.APP_KEY, APP_KEY);
    settings.put(AlibabaNlsSettings.LANGUAGE, "en-US");
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return keep(new AlibabaNlsEngine(AlibabaNlsSettings.parse(settings), env, Clock.systemUTC()));
  }

  /** A stand-in server, an engine for it, and one stream open in English. */
  record Call(
      FakeNlsServer server, AlibabaNlsEngine engine, RecognitionStream stream, Recorder events) {

    FakeNlsServer.Connection connection() {
      return server.connection();
    }
  }

  /** A server with {@code script}, an engine with {@code settings}, a stream not yet fed. */
  Call call(FakeNlsServer.Script script, String... settings) throws Exception {
    FakeNlsServer server = server(script);
    AlibabaNlsEngine engine = engine(server.url(), TOKEN_ENV, settings);
    Recorder events = new Recorder();
    RecognitionStream stream = keep(engine.open(StreamRequest.transcribe("en-US"), events));
    return new Call(server, engine, stream, events);
  }

  /** Recognizes {@code pcm} at {@code rate} in one stream and returns the final result. */
  static List<Hypothesis> recognize(
      AlibabaNlsEngine engine, StreamRequest request, short[] pcm, int rate) throws Exception {
    Recorder events = new Recorder();
    try (RecognitionStream stream = engine.open(request, events)) {
      feed(stream, pcm, rate);
      stream.endOfInput();
      return events.result(10);
    }
  }

  <T extends AutoCloseable> T keep(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  /** Feeds {@code pcm} in 20 ms frames at {@code rate}. */
  static void feed(RecognitionStream stream, short[] pcm, int rate) {
    int frame = rate / 50;
    for (int off = 0; off < pcm.length; off += frame) {
      stream.feed(pcm, off, Math.min(frame, pcm.length - off));
    }
  }

  static byte[] littleEndian(short[] pcm) {
    byte[] out = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      out[2 * i] = (byte) pcm[i];
      out[2 * i + 1] = (byte) (pcm[i] >> 8);
    }
    return out;
  }

  /** Closes everything kept, the last first. */
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }
}
