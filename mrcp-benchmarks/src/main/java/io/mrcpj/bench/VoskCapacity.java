package io.mrcpj.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mrcpj.asr.vosk.VoskEngineProvider;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * How many real-time streams the Vosk library itself sustains on this machine, without the server:
 * N threads each feed the same utterance in 20 ms pieces at real-time pace (resampled to 16 kHz as
 * the server does), over and over, and ask for the final result when its audio ends. A step of N
 * streams is sustained when every result has the expected words and every final result comes within
 * 500 ms of the end of its audio (the server's criterion, less the endpointer's wait); how far a
 * stream fell behind real time on the way is shown. N grows until a step is not sustained. Compare
 * with the harness against the server (see scripts/bench/vosk-capacity.sh and docs/PERFORMANCE.md).
 *
 * <p>{@code java -cp mrcp-benchmarks/target/benchmarks.jar io.mrcpj.bench.VoskCapacity [wav]
 * [expected words] [max streams] [seconds per step] [first step]}
 */
public final class VoskCapacity {

  private static final long LIMIT_NANOS = 500_000_000L;

  private record Step(int streams, int utterances, int wrong, double maxLagMs, double[] latencies) {
    double latency(double percentile) {
      if (latencies.length == 0) {
        return -1;
      }
      double[] s = latencies.clone();
      Arrays.sort(s);
      return s[Math.min(s.length - 1, (int) Math.ceil(percentile / 100 * s.length) - 1)];
    }

    /** Every result right and on time; falling behind mid-utterance is shown but allowed. */
    boolean sustained() {
      return utterances > 0 && wrong == 0 && latency(100) <= LIMIT_NANOS / 1e6;
    }
  }

  private VoskCapacity() {}

  public static void main(String[] args) throws Exception {
    Path wav =
        Path.of(
            args.length > 0
                ? args[0]
                : "mrcp-client/src/test/resources/speech/rms-four-five-six-one-8k.wav");
    String expected = args.length > 1 ? args[1] : "four five six one";
    int max = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    int first = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    LibVosk.setLogLevel(LogLevel.WARNINGS);
    short[] pcm = to16k(WavFile.read(Files.readAllBytes(wav)));
    int best = 0;
    try (Model model = new Model(VoskEngineProvider.bundledModel().toString())) {
      run(model, pcm, expected, 1, 5); // warm-up
      System.out.printf(
          "%-8s %10s %6s %12s %14s %14s %14s  %s%n",
          "streams",
          "utterances",
          "wrong",
          "max lag ms",
          "latency p50",
          "latency p99",
          "latency max",
          "sustained");
      for (int n = first; n <= max; n++) {
        Step s = run(model, pcm, expected, n, seconds);
        System.out.printf(
            Locale.ROOT,
            "%-8d %10d %6d %12.0f %14.0f %14.0f %14.0f  %s%n",
            n,
            s.utterances(),
            s.wrong(),
            s.maxLagMs(),
            s.latency(50),
            s.latency(99),
            s.latency(100),
            s.sustained() ? "yes" : "no");
        if (!s.sustained()) {
          break;
        }
        best = n;
      }
    }
    System.out.println("raw Vosk sustains " + best + " real-time stream(s)");
  }

  private static short[] to16k(WavFile w) {
    if (w.sampleRate() == 16000) {
      return w.samples();
    }
    short[] out = new short[w.samples().length * 2];
    Resampler.upsampler().process(w.samples(), 0, w.samples().length, out, 0);
    return out;
  }

  /** {@code n} streams for {@code seconds}; each utterance starts when the previous one ended. */
  private static Step run(Model model, short[] pcm, String expected, int n, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<double[]> latencies = new ArrayList<>();
    int[] counts = new int[2]; // utterances, wrong
    double[] lag = new double[1];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t =
          new Thread(
              () -> {
                // streams start 20 ms / n apart, as calls do, not all on the same tick
                LockSupport.parkNanos(20_000_000L * threads.size() / Math.max(1, n));
                while (System.nanoTime() < deadline) {
                  Utterance u = utterance(model, pcm, expected);
                  synchronized (counts) {
                    counts[0]++;
                    counts[1] += u.right ? 0 : 1;
                    lag[0] = Math.max(lag[0], u.maxLagMs);
                    latencies.add(new double[] {u.latencyMs});
                  }
                }
              },
              "vosk-stream-" + i);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    double[] l = latencies.stream().mapToDouble(a -> a[0]).toArray();
    return new Step(n, counts[0], counts[1], lag[0], l);
  }

  private record Utterance(boolean right, double maxLagMs, double latencyMs) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Utterance utterance(Model model, short[] pcm, String expected) {
    int chunk = 320; // 20 ms at 16 kHz
    try (Recognizer r = new Recognizer(model, 16000f)) {
      long start = System.nanoTime();
      long maxLag = 0;
      int k = 0;
      for (int off = 0; off < pcm.length; off += chunk, k++) {
        long due = start + (k + 1) * 20_000_000L; // a piece exists once its 20 ms have passed
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        short[] piece = Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunk));
        r.acceptWaveForm(piece, piece.length);
        maxLag = Math.max(maxLag, System.nanoTime() - due);
      }
      long audioEnd = start + k * 20_000_000L;
      String text = JSON.readTree(r.getFinalResult()).path("text").asText("");
      long done = System.nanoTime();
      return new Utterance(
          text.strip().equals(expected), Math.max(0, maxLag) / 1e6, (done - audioEnd) / 1e6);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
