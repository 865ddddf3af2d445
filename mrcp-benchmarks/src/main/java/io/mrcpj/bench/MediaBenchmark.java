package io.mrcpj.bench;

import io.mrcpj.core.media.EnergyVad;
import io.mrcpj.core.media.G711;
import io.mrcpj.core.media.GoertzelDtmfDetector;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.RtpPacket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet audio path for one 20 ms PCMU frame at 8 kHz: RTP header parse, G.711 decode (160
 * samples), 8 to 16 kHz resampling (320 samples), in-band DTMF detection and the energy VAD.
 * Buffers are reused as the server will reuse them, so allocation per op should be zero.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MediaBenchmark {

  private final byte[] packet = new byte[12 + 160];
  private final short[] pcm8 = new short[160];
  private final short[] pcm16 = new short[400];
  private final RtpPacket view = new RtpPacket();
  private final short[] quiet = new short[160];
  private Resampler upsampler;
  private EnergyVad vad;
  private GoertzelDtmfDetector dtmf;

  @Setup(Level.Trial)
  public void setup() {
    packet[0] = (byte) 0x80; // V=2
    packet[1] = 0; // PT 0 PCMU
    Random r = new Random(42);
    for (int i = 12; i < packet.length; i++) {
      // a 440 Hz tone with a little noise, mu-law encoded
      double s = 8000 * Math.sin(2 * Math.PI * 440 * (i - 12) / 8000.0) + r.nextGaussian() * 200;
      packet[i] = G711.linearToUlaw((short) s);
    }
    upsampler = Resampler.upsampler();
    vad = new EnergyVad(16000, EnergyVad.Config.builder().build());
    dtmf = new GoertzelDtmfDetector(8000, d -> {});
    for (int i = 0; i < quiet.length; i++) {
      quiet[i] = (short) (r.nextGaussian() * 30); // line noise near -60 dBFS
    }
  }

  @Benchmark
  public int decodeAndResample() {
    view.wrap(packet, 0, packet.length);
    int n = G711.decodeUlaw(packet, view.payloadOffset(), view.payloadLength(), pcm8, 0);
    return upsampler.process(pcm8, 0, n, pcm16, 0);
  }

  /** In-band DTMF detection on a loud frame (the 440 Hz tone): the filters run. */
  @Benchmark
  public long inbandDtmfLoud() {
    view.wrap(packet, 0, packet.length);
    int n = G711.decodeUlaw(packet, view.payloadOffset(), view.payloadLength(), pcm8, 0);
    dtmf.process(pcm8, 0, n);
    return dtmf.digits();
  }

  /** In-band DTMF detection on line noise: too quiet for tones. */
  @Benchmark
  public long inbandDtmfQuiet() {
    dtmf.process(quiet, 0, quiet.length);
    return dtmf.digits();
  }

  /** What the server does per 20 ms packet: parse, decode, DTMF, resample, VAD. */
  @Benchmark
  public Object wholeFrame() {
    view.wrap(packet, 0, packet.length);
    int n = G711.decodeUlaw(packet, view.payloadOffset(), view.payloadLength(), pcm8, 0);
    dtmf.process(pcm8, 0, n);
    int m = upsampler.process(pcm8, 0, n, pcm16, 0);
    return vad.process(pcm16, 0, m);
  }

  @Benchmark
  public Object decodeResampleAndVad() {
    view.wrap(packet, 0, packet.length);
    int n = G711.decodeUlaw(packet, view.payloadOffset(), view.payloadLength(), pcm8, 0);
    int m = upsampler.process(pcm8, 0, n, pcm16, 0);
    return vad.process(pcm16, 0, m);
  }
}
