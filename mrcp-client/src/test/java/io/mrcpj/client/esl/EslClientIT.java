package io.mrcpj.client.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inbound client's robustness against a scripted FreeSWITCH ({@link FakeFreeswitch}). */
class EslClientIT {

  private FakeFreeswitch fs;
  private final List<EslClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fs = new FakeFreeswitch("ClueCon");
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(EslClient::close);
    fs.close();
  }

  private EslClient.Builder builder() {
    return EslClient.builder()
        .port(fs.port())
        .reconnect(true, Duration.ofMillis(50), Duration.ofMillis(400));
  }

  private EslClient connect(EslClient.Builder b) throws Exception {
    EslClient c = b.connect().get(5, TimeUnit.SECONDS);
    clients.add(c);
    return c;
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  /** Blocks the calling thread until the latch opens (a slow listener or a hung command). */
  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("completed normally");
  }

  @Test
  void aReconnectRestoresSubscriptionsFiltersAndTheLogLevel() throws Exception {
    EslClient c = connect(builder());
    List<String> told = Collections.synchronizedList(new ArrayList<>());
    c.addConnectionListener(
        new EslConnectionListener() {
          @Override
          public void onConnected(boolean reconnected) {
            told.add("connected " + reconnected);
          }

          @Override
          public void onDisconnected(Throwable cause) {
            told.add("disconnected");
          }
        });
    List<EslEvent> seen = Collections.synchronizedList(new ArrayList<>());
    c.addListener(seen::add);
    get(c.subscribe("DTMF", "CHANNEL_ANSWER"));
    get(c.subscribeCustom("myapp::ping"));
    get(c.filter("Unique-ID", "call-1"));
    get(c.log("NOTICE"));

    fs.dropAll();
    await().atMost(Duration.ofSeconds(5)).until(() -> fs.accepted() == 2 && c.isConnected());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fs.connections().size() == 1 && fs.connections().get(0).received.size() == 5);
    assertThat(fs.connections().get(0).received)
        .containsExactly(
            "auth ClueCon\n\n",
            "event json DTMF CHANNEL_ANSWER\n\n",
            "event json CUSTOM myapp::ping\n\n",
            "filter Unique-ID call-1\n\n",
            "log NOTICE\n\n");
    fs.event(EventTemplates.dtmf("call-1", '7'));
    fs.event(EventTemplates.dtmf("call-2", '8'));
    await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
    Thread.sleep(200);
    assertThat(seen)
        .singleElement()
        .isInstanceOfSatisfying(DtmfEvent.class, d -> assertThat(d.digit()).isEqualTo('7'));
    assertThat(c.stats().reconnects()).isEqualTo(1);
    await().until(() -> told.size() == 2);
    assertThat(told).containsExactly("disconnected", "connected true");
  }

  @Test
  void commandsWaitingWhenTheConnectionDropsFailAndNewOnesFailUntilItIsBack() throws Exception {
    EslClient c =
        connect(builder().reconnect(true, Duration.ofMillis(500), Duration.ofMillis(500)));
    CountDownLatch never = new CountDownLatch(1);
    fs.api(
        "hang",
        a -> {
          waitFor(never);
          return "+OK\n";
        });
    CompletableFuture<BackgroundJobEvent> job = c.bgapi("hang");
    await().until(() -> fs.commands().stream().anyMatch(s -> s.startsWith("bgapi hang")));
    CompletableFuture<EslReply> waiting = c.api("hang");
    await().until(() -> fs.commands().stream().anyMatch(s -> s.startsWith("api hang")));
    fs.dropAll();
    assertThat(failure(waiting)).isInstanceOf(EslConnectionException.class);
    assertThat(failure(job)).isInstanceOf(EslConnectionException.class);
    assertThat(failure(c.api("status")))
        .isInstanceOf(EslConnectionException.class)
        .hasMessageContaining("reconnecting");
    never.countDown();
    await().atMost(Duration.ofSeconds(5)).until(c::isConnected);
    assertThat(get(c.api("status")).text()).startsWith("UP ");
  }

  @Test
  void aListenerBlockedOnOneCallStallsNeitherTheReaderNorOtherCalls() throws Exception {
    EslClient c = connect(builder());
    get(c.subscribe("DTMF"));
    CountDownLatch release = new CountDownLatch(1);
    List<Character> callB = Collections.synchronizedList(new ArrayList<>());
    c.addListener(
        e -> {
          if ("call-a".equals(e.uniqueId())) {
            waitFor(release);
          } else if (e instanceof DtmfEvent d) {
            callB.add(d.digit());
          }
        });
    for (char d : "12345".toCharArray()) {
      fs.event(EventTemplates.dtmf("call-a", d));
    }
    for (char d : "67890".toCharArray()) {
      fs.event(EventTemplates.dtmf("call-b", d));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> callB.size() == 5);
    assertThat(callB).containsExactly('6', '7', '8', '9', '0');
    // the reader still reads: a command is answered while call A's listener is blocked
    assertThat(get(c.api("echo still reading")).text()).isEqualTo("still reading");
    assertThat(release.getCount()).isEqualTo(1);
    release.countDown();
  }

  @Test
  void eventsBeyondTheQueueCapacityAreDroppedAndCounted() throws Exception {
    EslClient c = connect(builder().eventQueueCapacity(20));
    get(c.subscribe("DTMF"));
    CountDownLatch release = new CountDownLatch(1);
    List<Character> got = Collections.synchronizedList(new ArrayList<>());
    c.addListener(
        e -> {
          waitFor(release);
          got.add(((DtmfEvent) e).digit());
        });
    for (int i = 0; i < 200; i++) {
      fs.event(EventTemplates.dtmf("call-a", (char) ('0' + i % 10)));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> c.stats().events() == 200);
    assertThat(get(c.api("echo alive")).text()).isEqualTo("alive");
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() + c.stats().dropped() == 200);
    assertThat(c.stats().dropped()).isGreaterThanOrEqualTo(179);
    assertThat(got).hasSizeBetween(1, 21);
  }

  @Test
  void malformedFramesAreReportedAndTheConnectionGoesOn() throws Exception {
    EslClient c = connect(builder());
    get(c.subscribe("ALL"));
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    c.addConnectionListener(
        new EslConnectionListener() {
          @Override
          public void onProtocolError(EslProtocolException error) {
            errors.add(error.getMessage());
          }
        });
    List<EslEvent> seen = Collections.synchronizedList(new ArrayList<>());
    c.addListener(seen::add);
    fs.raw("Content-Type: text/event-json\nContent-Length: 9\n\n{\"broken\"");
    fs.raw("Content-Type: text/event-plain\nno colon here\n\n");
    fs.raw("Content-Type: text/event-json\nContent-Length: lots\n\n");
    fs.raw("Content-Type: text/unknown\n\n");
    fs.event(EventTemplates.dtmf("call-a", '5'));
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1 && errors.size() == 4);
    assertThat(errors.get(0)).contains("JSON");
    assertThat(errors.get(1)).contains("no colon here");
    assertThat(errors.get(2)).contains("lots");
    assertThat(errors.get(3)).contains("text/unknown");
    assertThat(c.stats().malformed()).isEqualTo(4);
    assertThat(get(c.api("echo fine")).text()).isEqualTo("fine");
  }

  @Test
  void aMalformedAnswerFailsItsCommandAndTheNextCommandGetsItsOwnAnswer() throws Exception {
    EslClient c = connect(builder());
    FakeFreeswitch.Conn conn = fs.connections().get(0);
    conn.silent = true;
    CompletableFuture<EslReply> broken = c.api("echo first");
    await().until(() -> conn.received.stream().anyMatch(s -> s.startsWith("api echo first")));
    // the answer to it comes, but with a length that is not a number
    conn.write("Content-Type: api/response\nContent-Length: x\n\n");
    assertThat(failure(broken))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("\"x\"");
    conn.silent = false;
    assertThat(get(c.api("echo second")).text()).isEqualTo("second");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aThousandBackgroundJobsInFlightAreEachMatchedToTheirOwnResult(boolean honourJobUuid)
      throws Exception {
    fs.honourJobUuid = honourJobUuid;
    CountDownLatch all = new CountDownLatch(1000);
    fs.api(
        "slow",
        a -> {
          all.countDown();
          try {
            all.await(10, TimeUnit.SECONDS);
            Thread.sleep((Integer.parseInt(a) * 7919) % 50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "+OK " + a + "\n";
        });
    EslClient c = connect(builder());
    List<CompletableFuture<BackgroundJobEvent>> jobs =
        IntStream.range(0, 1000).mapToObj(i -> c.bgapi("slow " + i)).toList();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fs.commands().stream().filter(s -> s.startsWith("bgapi slow")).count())
                    .isEqualTo(1000));
    for (int i = 0; i < 1000; i++) {
      BackgroundJobEvent j = get(jobs.get(i));
      assertThat(j.result()).isEqualTo("+OK " + i + "\n");
      assertThat(j.commandArg()).isEqualTo(String.valueOf(i));
    }
    assertThat(fs.commands().stream().filter(s -> s.startsWith("event json BACKGROUND_JOB")))
        .hasSize(1);
  }

  @Test
  void aCommandWithoutAnswerTimesOutAndItsLateAnswerIsNotTakenForTheNext() throws Exception {
    EslClient c = connect(builder().commandTimeout(Duration.ofMillis(300)));
    CountDownLatch late = new CountDownLatch(1);
    fs.api(
        "late",
        a -> {
          waitFor(late);
          return "+OK late answer\n";
        });
    CompletableFuture<EslReply> first = c.api("late");
    assertThat(failure(first))
        .isInstanceOf(EslTimeoutException.class)
        .hasMessageContaining("api late");
    CompletableFuture<EslReply> next = c.api("echo next");
    late.countDown();
    assertThat(get(next).text()).isEqualTo("next");
  }

  @Test
  void theWatchdogDropsAFreeswitchThatStoppedAnsweringAndReconnects() throws Exception {
    EslClient c = connect(builder().watchdog(Duration.ofMillis(300), Duration.ofMillis(300)));
    fs.connections().get(0).silent = true;
    await().atMost(Duration.ofSeconds(5)).until(() -> c.stats().watchdogCloses() == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.stats().reconnects() >= 1 && c.isConnected());
    assertThat(get(c.api("echo back")).text()).isEqualTo("back");
  }

  @Test
  void bgapiSubscribesItsEventAndGetsPastFilters() throws Exception {
    EslClient c = connect(builder());
    get(c.subscribe("DTMF"));
    get(c.filter("Unique-ID", "call-1"));
    BackgroundJobEvent j = get(c.bgapi("echo hello"));
    assertThat(j.result()).isEqualTo("hello\n");
    assertThat(fs.commands())
        .contains("event json BACKGROUND_JOB\n\n", "filter Event-Name BACKGROUND_JOB\n\n");
  }

  @Test
  void aConsumerStopsCleanlyWhenItsCustomEventArrives() throws Exception {
    EslClient c = connect(builder());
    get(c.subscribe("DTMF"));
    get(c.subscribeCustom("myapp::stop"));
    List<Character> consumed = Collections.synchronizedList(new ArrayList<>());
    EventConsumer consumer =
        c.consumeUntil(e -> e.isCustom("myapp::stop"), e -> consumed.add(((DtmfEvent) e).digit()));
    fs.event(EventTemplates.dtmf("call-a", '1'));
    fs.event(EventTemplates.dtmf("call-a", '2'));
    EslClient operator = connect(builder());
    get(
        operator.sendEvent(
            "CUSTOM", Map.of("Event-Subclass", "myapp::stop", "Reason", "shift over"), null));
    EslEvent stop = consumer.done().get(5, TimeUnit.SECONDS);
    assertThat(stop.subclass()).isEqualTo("myapp::stop");
    assertThat(stop.header("reason")).isEqualTo("shift over");
    fs.event(EventTemplates.dtmf("call-a", '3'));
    assertThat(get(c.api("echo after")).text()).isEqualTo("after");
    Thread.sleep(200);
    assertThat(consumed).containsExactly('1', '2');
  }

  @Test
  void aConsumerHasEveryEventSentBeforeItsStopEventWhateverTheCall() throws Exception {
    EslClient c = connect(builder());
    get(c.subscribe("DTMF"));
    get(c.subscribeCustom("myapp::stop"));
    List<String> consumed = Collections.synchronizedList(new ArrayList<>());
    EventConsumer consumer =
        c.consumeUntil(
            e -> e.isCustom("myapp::stop"),
            e -> consumed.add(e.uniqueId() + ((DtmfEvent) e).digit()));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String call = "call-" + (i % 17);
      char digit = (char) ('0' + i % 10);
      fs.event(EventTemplates.dtmf(call, digit));
      sent.add(call + digit);
    }
    fs.event(EventTemplates.custom("myapp::stop", Map.of()));
    consumer.done().get(5, TimeUnit.SECONDS);
    assertThat(consumed).as("in wire order, none missing when done() completes").isEqualTo(sent);
  }

  @Test
  void commandsThatWouldSmuggleAnotherCommandAreRefusedBeforeSending() throws Exception {
    EslClient c = connect(builder());
    assertThat(failure(c.api("status\n\nexit")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
    assertThat(failure(c.sendmsg("u", Map.of("call-command", "execute\nexit"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(get(c.api("echo ok")).text()).isEqualTo("ok");
    assertThat(fs.commands()).noneMatch(s -> s.contains("exit"));
  }

  @Test
  void noFreeswitchThereIsAConnectionErrorNamingTheAddress() throws Exception {
    int port = fs.port();
    fs.close();
    CompletableFuture<EslClient> f =
        EslClient.builder().port(port).connectTimeout(Duration.ofSeconds(2)).connect();
    assertThat(failure(f))
        .isInstanceOf(EslConnectionException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void closeSaysGoodbyeAndStopsEveryThread() throws Exception {
    EslClient c = connect(builder());
    get(c.subscribe("ALL"));
    c.close();
    assertThat(fs.commands()).last().isEqualTo("exit\n\n");
    assertThat(c.isConnected()).isFalse();
    assertThat(failure(c.api("status"))).isInstanceOf(EslConnectionException.class);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(
                        t -> t.getName().startsWith("esl-") && !t.getName().startsWith("esl-out")));
  }
}
