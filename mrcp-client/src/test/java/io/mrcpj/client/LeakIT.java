package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.management.UnixOperatingSystemMXBean;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.sdp.MrcpAnswerReader;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.testing.Interop;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.engine.EngineLoader;
import io.mrcpj.server.testing.RawSipPeer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Ten thousand sessions against the real server, ended every way a session ends (BYE at once; BYE
 * after a recognition; STOP then BYE; the server's RTP timeout; the server's MRCP timeout; the
 * client's MRCP connection dropped mid-session), with netty's leak detector at PARANOID: afterwards
 * no session, channel, RTP port, engine stream, SIP call, thread, file descriptor or buffer is
 * left.
 */
class LeakIT {

  private static final int SESSIONS = 10_000;
  private static final int DROPS = 400; // of them, by a raw peer that drops its MRCP connection
  private static final int AT_ONCE = 40;

  private static long openFiles() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }

  @Test
  void tenThousandSessionsWithMixedEndingsLeaveNothingBehind() throws Exception {
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    leaks.start();
    detector.addAppender(leaks);
    RecognitionEngine demo = EngineLoader.load(new EngineConfig("demo", List.of(), Map.of()));
    // RTP and MRCP timeouts of 1 s, so that sessions left silent end quickly
    LimitsConfig limits = new LimitsConfig(200, null, null, 1, 1, null, 2);
    try (TestServer server = TestServer.start(38600, demo, limits, null, null)) {
      // a first round starts every thread that starts lazily (event loops, pools, timers)
      wave(server, 200, 20);
      server.assertNothingLeft();
      Thread.sleep(500);
      Map<String, Integer> threadsBefore = threads();
      long filesBefore = openFiles();
      wave(server, SESSIONS, DROPS);
      server.assertNothingLeft();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                Map<String, Integer> now = threads();
                assertThat(now.values().stream().mapToInt(Integer::intValue).sum())
                    .as("threads now %s, before %s", now, threadsBefore)
                    .isLessThanOrEqualTo(
                        threadsBefore.values().stream().mapToInt(Integer::intValue).sum() + 2);
                assertThat(openFiles()).as("file descriptors").isLessThanOrEqualTo(filesBefore + 8);
              });
      flushLeakReports();
      assertThat(leaks.list).as("netty leak reports").isEmpty();
    } finally {
      detector.detachAppender(leaks);
      ResourceLeakDetector.setLevel(level);
      demo.close();
    }
  }

  /** Leaks are reported once the leaked buffer has been collected and the next one is made. */
  private static void flushLeakReports() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      ByteBufAllocator.DEFAULT.buffer(64).release();
    }
  }

  /** The check above can fail: a buffer dropped without release is reported and seen. */
  @Test
  void aLeakedBufferIsReportedAndSeen() throws Exception {
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    leaks.start();
    detector.addAppender(leaks);
    try {
      for (int i = 0; i < 10 && leaks.list.isEmpty(); i++) {
        ByteBufAllocator.DEFAULT.buffer(64).writeInt(i); // never released
        flushLeakReports();
      }
      assertThat(leaks.list).isNotEmpty();
      assertThat(leaks.list.get(0).getFormattedMessage()).contains("LEAK");
    } finally {
      detector.detachAppender(leaks);
      ResourceLeakDetector.setLevel(level);
    }
  }

  /** Live threads by name, numbers taken out ("sip-worker-3" counts as "sip-worker-#"). */
  private static Map<String, Integer> threads() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        out.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
      }
    }
    return out;
  }

  /**
   * {@code n} sessions, {@code drops} of them by a raw peer that drops its MRCP connection, the
   * rest through the client library, ended in five ways in turn.
   */
  private static void wave(TestServer server, int n, int drops) throws Exception {
    AtomicInteger byed = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    Thread dropper = new Thread(() -> dropConnections(server, drops), "leak-test-dropper");
    java.util.concurrent.atomic.AtomicReference<Throwable> dropFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    dropper.setUncaughtExceptionHandler((t, e) -> dropFailure.set(e));
    dropper.start();
    try (MrcpClient client = server.client().build()) {
      Semaphore slots = new Semaphore(AT_ONCE);
      List<CompletableFuture<?>> all = new ArrayList<>();
      RecognizeRequest yes =
          RecognizeRequest.builder()
              .grammar(Grammar.TRANSCRIBE)
              .audio(TestServer.speech("rms-yes"))
              .pacing(Pacing.FAST)
              .build();
      for (int i = 0; i < n - drops; i++) {
        slots.acquire();
        int kind = i % 5;
        CompletableFuture<?> f =
            client
                .openSession()
                .thenCompose(s -> end(s, kind, yes, byed, completed))
                .orTimeout(30, TimeUnit.SECONDS)
                .whenComplete((x, e) -> slots.release());
        all.add(f);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }
    dropper.join(TimeUnit.MINUTES.toMillis(5));
    assertThat(dropFailure.get()).as("dropped-connection sessions").isNull();
    int viaClient = n - drops;
    int timedOut = viaClient / 5 * 2 + Math.max(0, viaClient % 5 - 3);
    assertThat(byed.get()).as("sessions the server ended by its timeouts").isEqualTo(timedOut);
    assertThat(completed.get())
        .as("recognitions completed")
        .isEqualTo(viaClient / 5 + (viaClient % 5 > 1 ? 1 : 0));
  }

  private static CompletableFuture<?> end(
      ClientSession s,
      int kind,
      RecognizeRequest yes,
      AtomicInteger byed,
      AtomicInteger completed) {
    CompletableFuture<String> closed = new CompletableFuture<>();
    s.addListener(
        new SessionListener() {
          @Override
          public void onClosed(String reason) {
            closed.complete(reason);
          }
        });
    return switch (kind) {
      case 0 -> s.closeAsync(); // BYE at once
      case 1 ->
          s.recognize(yes)
              .thenAccept(
                  r -> {
                    if (r.isSuccess()) {
                      completed.incrementAndGet();
                    }
                  })
              .thenCompose(x -> s.closeAsync());
      case 2 -> {
        CompletableFuture<RecognitionResult> r = s.recognize(yes);
        yield s.stop()
            .thenCombine(r.handle((x, e) -> x), (a, b) -> b)
            .thenCompose(x -> s.closeAsync());
      }
      case 3 ->
          // a request, then silence: the RTP timeout ends it
          s.setParams(Map.of("Confidence-Threshold", "0.3"))
              .thenCompose(
                  x -> {
                    if (x.status().code() != 200) {
                      throw new IllegalStateException("SET-PARAMS got " + x.status());
                    }
                    return closed;
                  })
              .thenAccept(reason -> countBye(reason, byed));
      default ->
          // nothing at all: the MRCP (or RTP) timeout ends it
          closed.thenAccept(reason -> countBye(reason, byed));
    };
  }

  private static void countBye(String reason, AtomicInteger byed) {
    if (reason != null && reason.contains("BYE")) {
      byed.incrementAndGet();
    }
  }

  /**
   * Sessions set up by a raw SIP peer whose MRCP connection sends one request and then drops (RST):
   * the server must BYE each and free it.
   */
  private static void dropConnections(TestServer server, int n) {
    String capture =
        new String(
            Interop.bytes("unimrcp/recog-sip-00-INVITE-8062to8060.sip"),
            StandardCharsets.ISO_8859_1);
    try (RawSipPeer sip = new RawSipPeer(server.sipPort)) {
      for (int i = 0; i < n; i++) {
        String invite =
            capture
                .replace(
                    "92010a75-60f6-1240-1288-8a13ce55805c", "drop-" + i + "-" + System.nanoTime())
                .replaceFirst(
                    "branch=z9hG4bK\\w+", "branch=z9hG4bK" + Long.toHexString(System.nanoTime()))
                .replaceFirst(
                    "(?m)^Contact: <sip:127\\.0\\.0\\.1:\\d+",
                    "Contact: <sip:127.0.0.1:" + sip.port());
        String ok = sip.invite(invite);
        assertThat(ok).startsWith("SIP/2.0 200");
        sip.ack(ok);
        MrcpAnswerReader.Control control =
            MrcpAnswerReader.read(new SdpParser().parse(RawSipPeer.body(ok)))
                .control("speechrecog")
                .orElseThrow();
        ChannelId channel = control.channel().orElseThrow();
        try (RawMrcpPeer mrcp =
            new RawMrcpPeer(new InetSocketAddress("127.0.0.1", control.port()))) {
          mrcp.write(
              io.mrcpj.core.codec.MrcpEncoder.encode(
                  MrcpRequest.builder()
                      .method(MrcpMethod.GET_PARAMS)
                      .requestId(1)
                      .channelId(channel)
                      .build()));
          mrcp.next(5);
          mrcp.drop();
        }
        String bye = sip.receiveRequest("BYE", 5000);
        sip.ok(bye);
      }
    } catch (Exception e) {
      throw new AssertionError("dropped-connection sessions failed", e);
    }
  }
}
