package io.mrcpj.bench;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionEngineProvider;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.client.AudioSource;
import io.mrcpj.client.ClientSession;
import io.mrcpj.client.Grammar;
import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.RecognitionResult;
import io.mrcpj.client.RecognizeRequest;
import io.mrcpj.core.media.Resampler;
import io.mrcpj.core.media.WavFile;
import io.mrcpj.server.SpeechServer;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * End-to-end figures for one machine (not a unit test; run by hand, see docs/PERFORMANCE.md):
 *
 * <ol>
 *   <li>raw Vosk: every fixture, resampled to 16 kHz as the server does, fed straight to the engine
 *       as fast as it takes it; CPU seconds per second of audio;
 *   <li>the same audio through the whole server (SIP, MRCP, RTP in PCMU at real time, decode,
 *       resample, VAD, Vosk, NLSML) from the client in this JVM, {@code concurrency} sessions at
 *       once; server CPU per second of audio (process CPU minus the client's threads), and the time
 *       from the end of the audio to RECOGNITION-COMPLETE.
 * </ol>
 *
 * <p>{@code java -cp mrcp-benchmarks/target/benchmarks.jar io.mrcpj.bench.RecognitionProbe
 * [fixture-dir] [rounds] [concurrency]}
 */
public final class RecognitionProbe {

  /** Silence the fixtures carry after the speech (scripts/make-speech-fixtures.sh). */
  static final long TRAILING_SILENCE_MS = 500;

  private record Fixture(String name, String expected, short[] pcm8k) {
    double seconds() {
      return pcm8k.length / 8000.0;
    }

    /** Where the sound first reaches {@code dbfs}: the first 10 ms window at that level. */
    double onsetMillis(double dbfs) {
      for (int off = 0; off + 80 <= pcm8k.length; off += 80) {
        double sum = 0;
        for (int i = off; i < off + 80; i++) {
          sum += (double) pcm8k[i] * pcm8k[i];
        }
        if (10 * Math.log10(sum / 80 / (32768.0 * 32768.0) + 1e-30) >= dbfs) {
          return off / 8.0;
        }
      }
      return 0;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "mrcp-client/src/test/resources/speech");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<Fixture> fixtures = fixtures(dir);
    RecognitionEngine engine =
        ServiceLoader.load(RecognitionEngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("vosk"))
            .findFirst()
            .orElseThrow()
            .create(Map.of("workers", "2"));
    try {
      rawVosk(engine, fixtures, 1); // warm-up
      double raw = rawVosk(engine, fixtures, rounds);
      server(engine, fixtures, 1, concurrency, true); // warm-up
      double served = server(engine, fixtures, rounds, concurrency, false);
      System.out.printf(
          "%nCPU per second of audio: raw Vosk %.3f s, through the server %.3f s (%.0f%% of raw)%n",
          raw, served, 100 * served / raw);
    } finally {
      engine.close();
    }
  }

  private static List<Fixture> fixtures(Path dir) throws Exception {
    List<Fixture> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String n = p.getFileName().toString();
        if (!n.endsWith("-8k.wav") || n.contains("-yes-")) {
          continue; // "yes" is not transcribed in every voice (see the fixture script)
        }
        String words = n.substring(n.indexOf('-') + 1, n.length() - "-8k.wav".length());
        WavFile w = WavFile.read(Files.readAllBytes(p));
        out.add(new Fixture(n, words.replace('-', ' '), w.samples()));
      }
    }
    return out;
  }

  /** Feeds every fixture straight to the engine; returns CPU seconds per audio second. */
  private static double rawVosk(RecognitionEngine engine, List<Fixture> fixtures, int rounds)
      throws Exception {
    long cpu0 = processCpuNanos();
    double audio = 0;
    int wrong = 0;
    for (int r = 0; r < rounds; r++) {
      for (Fixture f : fixtures) {
        short[] pcm16 = new short[f.pcm8k.length * 2];
        Resampler.upsampler().process(f.pcm8k, 0, f.pcm8k.length, pcm16, 0);
        CompletableFuture<String> text = new CompletableFuture<>();
        RecognitionStream s =
            engine.open(
                StreamRequest.transcribe("en-US"),
                new RecognitionListener() {
                  @Override
                  public void onFinal(List<Hypothesis> nBest) {
                    text.complete(nBest.isEmpty() ? "" : nBest.get(0).text());
                  }

                  @Override
                  public void onError(EngineException error) {
                    text.completeExceptionally(error);
                  }
                });
        for (int off = 0; off < pcm16.length; off += 320) {
          s.feed(pcm16, off, Math.min(320, pcm16.length - off));
        }
        s.endOfInput();
        if (!text.get(60, TimeUnit.SECONDS).equals(f.expected)) {
          wrong++;
        }
        s.close();
        audio += f.seconds();
      }
    }
    double perSecond = (processCpuNanos() - cpu0) / 1e9 / audio;
    System.out.printf(
        "raw Vosk: %.1f s of audio, %d wrong, %.3f CPU s per audio s%n", audio, wrong, perSecond);
    return perSecond;
  }

  /** Recognizes every fixture through the server; returns server CPU seconds per audio second. */
  private static double server(
      RecognitionEngine engine, List<Fixture> fixtures, int rounds, int concurrency, boolean quiet)
      throws Exception {
    int sip = freePort();
    ServerConfig cfg =
        new ServerConfig(
            new SipConfig("127.0.0.1", sip, null, null, null, null),
            new MrcpConfig("127.0.0.1", 0, null, null, 1),
            new RtpConfig("127.0.0.1", 36000, 36400),
            null,
            new LimitsConfig(100));
    List<Double> endToComplete = new ArrayList<>();
    List<Double> inProgress = new ArrayList<>();
    double[] onsetLevels = {-70, -50, -40};
    List<List<Double>> bargeIn = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    double audio = 0;
    int wrong = 0;
    double fed;
    long cpu0;
    long clientCpu0;
    long cpu;
    long clientCpu;
    try (SpeechServer server = new SpeechServer(cfg, engine).start();
        MrcpClient client = MrcpClient.builder().server("127.0.0.1", sip).build()) {
      List<ClientSession> sessions = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        sessions.add(client.openSession(Duration.ofSeconds(5)));
      }
      double fed0 = server.engineAudioSeconds();
      Map<Long, Long> threads0 = threadCpu();
      cpu0 = processCpuNanos();
      clientCpu0 = clientThreadsCpuNanos();
      int next = 0;
      List<Fixture> all = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        all.addAll(fixtures);
      }
      while (next < all.size()) {
        List<CompletableFuture<RecognitionResult>> running = new ArrayList<>();
        List<Fixture> asked = new ArrayList<>();
        for (ClientSession s : sessions) {
          if (next >= all.size()) {
            break;
          }
          Fixture f = all.get(next++);
          asked.add(f);
          running.add(
              s.recognize(
                  RecognizeRequest.builder()
                      .grammar(Grammar.TRANSCRIBE)
                      .audio(AudioSource.pcm(f.pcm8k, 8000))
                      .build()));
        }
        for (int i = 0; i < running.size(); i++) {
          RecognitionResult res = running.get(i).get(60, TimeUnit.SECONDS);
          if (!res.text().equals(asked.get(i).expected)) {
            wrong++;
          }
          endToComplete.add(res.timings().audioEndToCompleteMillis());
          inProgress.add(res.timings().inProgressMillis());
          for (int l = 0; l < onsetLevels.length; l++) {
            bargeIn
                .get(l)
                .add(res.timings().startOfInputMillis(asked.get(i).onsetMillis(onsetLevels[l])));
          }
          audio += asked.get(i).seconds();
        }
      }
      cpu = processCpuNanos() - cpu0;
      clientCpu = clientThreadsCpuNanos() - clientCpu0;
      fed = server.engineAudioSeconds() - fed0;
      if (!quiet) {
        System.out.println("CPU s per audio s by thread group: " + byGroup(threads0, audio0(all)));
      }
      for (ClientSession s : sessions) {
        s.close();
      }
    }
    double perSecond = (cpu - clientCpu) / 1e9 / audio;
    if (!quiet) {
      System.out.printf(
          "server: %.1f s of audio in %d-session batches, %d wrong, %.3f server CPU s per audio s"
              + " (process %.3f, client threads %.3f)%n",
          audio, concurrency, wrong, perSecond, cpu / 1e9 / audio, clientCpu / 1e9 / audio);
      System.out.printf(
          "the server fed the engine %.1f s of audio (the fixtures plus the silence the endpointer"
              + " waits for): %.3f server CPU s per second fed%n",
          fed, (cpu - clientCpu) / 1e9 / fed);
      System.out.printf(
          "end of audio -> RECOGNITION-COMPLETE ms: %s (the audio ends %d ms after the speech;"
              + " Speech-Complete-Timeout is 800 ms)%n",
          summary(endToComplete), TRAILING_SILENCE_MS);
      System.out.printf("RECOGNIZE -> IN-PROGRESS ms: %s%n", summary(inProgress));
      for (int l = 0; l < onsetLevels.length; l++) {
        System.out.printf(
            "sound first at %.0f dBFS -> START-OF-INPUT ms: %s%n",
            onsetLevels[l], summary(bargeIn.get(l)));
      }
    }
    return perSecond;
  }

  private static double audio0(List<Fixture> all) {
    return all.stream().mapToDouble(Fixture::seconds).sum();
  }

  /** CPU nanoseconds of every live thread, by id. */
  private static Map<Long, Long> threadCpu() {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new java.util.HashMap<>();
    for (long id : t.getAllThreadIds()) {
      out.put(id, Math.max(0, t.getThreadCpuTime(id)));
    }
    return out;
  }

  /** CPU used since {@code before}, per thread-name group, per second of audio. */
  private static String byGroup(Map<Long, Long> before, double audioSeconds) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new java.util.TreeMap<>();
    for (ThreadInfo info : t.getThreadInfo(t.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = Math.max(0, t.getThreadCpuTime(info.getThreadId()));
      long used = cpu - before.getOrDefault(info.getThreadId(), 0L);
      String name = info.getThreadName().replaceAll("[-#]?\\d+.*$", "");
      groups.merge(name, used, Long::sum);
    }
    StringBuilder b = new StringBuilder();
    groups.entrySet().stream()
        .filter(e -> e.getValue() > 1_000_000)
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(
            e ->
                b.append(String.format(" %s=%.4f", e.getKey(), e.getValue() / 1e9 / audioSeconds)));
    return b.toString();
  }

  static String summary(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(Double::compare);
    return String.format(
        "n=%d min %.1f median %.1f p90 %.1f max %.1f",
        v.size(),
        v.get(0),
        v.get(v.size() / 2),
        v.get((int) (v.size() * 0.9)),
        v.get(v.size() - 1));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the client's live threads (its event loop, callbacks, timer and SIP stack). */
  private static long clientThreadsCpuNanos() {
    return threadCpuNanos("mrcp-client") + threadCpuNanos("mrcpj-client");
  }

  /** CPU time of the live threads whose name starts with {@code prefix}. */
  private static long threadCpuNanos(String prefix) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo info : t.getThreadInfo(t.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        long c = t.getThreadCpuTime(info.getThreadId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
