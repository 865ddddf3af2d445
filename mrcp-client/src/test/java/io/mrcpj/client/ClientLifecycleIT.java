package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a client leaves behind: nothing, whichever way its sessions end. */
class ClientLifecycleIT {

  /**
   * Threads that are not the client's: the server's (started lazily during the test), the test's
   * own, and the JDK's shared daemon behind CompletableFuture.orTimeout.
   */
  private static final List<String> NOT_THE_CLIENTS =
      List.of(
          "sip-",
          "rtp-io",
          "mrcp-io",
          "mrcp-accept",
          "vosk-",
          "recog-timer",
          "mrcpj-server",
          "awaitility",
          "CompletableFutureDelayScheduler");

  private static Set<Thread> threads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  private static Set<String> newClientThreads(Set<Thread> before) {
    return threads().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(n -> NOT_THE_CLIENTS.stream().noneMatch(n::startsWith))
        .collect(Collectors.toSet());
  }

  @Test
  void closingTheClientEndsItsSessionsAndStopsEveryThreadItStarted() throws Exception {
    try (TestServer server = TestServer.start(33500)) {
      Set<Thread> before = threads();
      MrcpClient client = server.client().transport(SipTransport.TCP).build();
      ClientSession a = client.openSession(Duration.ofSeconds(5));
      ClientSession b = client.openSession(Duration.ofSeconds(5));
      assertThat(server.server.sessions()).isEqualTo(2);
      assertThat(newClientThreads(before)).isNotEmpty();
      client.close();
      assertThat(a.isClosed()).isTrue();
      assertThat(b.isClosed()).isTrue();
      assertThat(client.sessions()).isZero();
      assertThat(client.connections()).isZero();
      server.assertNothingLeft();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(newClientThreads(before)).isEmpty());
    }
  }

  @Test
  void aByeFromTheServerClosesTheSessionAndTellsTheListener() throws Exception {
    try (TestServer server = TestServer.start(33600);
        MrcpClient client = server.client().build()) {
      ClientSession s = client.openSession(Duration.ofSeconds(5));
      java.util.concurrent.CompletableFuture<String> closed =
          new java.util.concurrent.CompletableFuture<>();
      s.addListener(
          new SessionListener() {
            @Override
            public void onClosed(String reason) {
              closed.complete(reason);
            }
          });
      server.server.close(); // BYEs every session
      assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).contains("BYE");
      assertThat(s.isClosed()).isTrue();
      assertThat(client.sessions()).isZero();
    }
  }
}
