package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mrcpj.client.esl.EventTemplates;
import io.mrcpj.client.esl.FakeFreeswitch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mrcp-client esl ...} against a scripted FreeSWITCH Event Socket on loopback. */
class EslCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CALL = "2f7b2d31-5c64-4b4a-9a0e-6f0d3f1f7a11";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private FakeFreeswitch fs;

  @BeforeEach
  void start() throws Exception {
    fs = new FakeFreeswitch("s3cret");
  }

  @AfterEach
  void stop() throws Exception {
    fs.close();
  }

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private List<String> esl(String... rest) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "esl",
                "--port",
                String.valueOf(fs.port()),
                "--password",
                "s3cret",
                "--timeout",
                "2"));
    a.addAll(List.of(rest));
    return a;
  }

  private CompletableFuture<Integer> runInBackground(List<String> args) {
    return CompletableFuture.supplyAsync(() -> run(args.toArray(String[]::new)));
  }

  private List<JsonNode> printedEvents() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  private void awaitCommand(String prefix) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fs.handled().stream().anyMatch(c -> c.startsWith(prefix)));
  }

  @Test
  void apiPrintsTheOutputAndExits0() {
    int rc = run(esl("api", "status").toArray(String[]::new));

    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("FreeSWITCH (Version 1.10.12) is ready");
    assertThat(fs.commands()).anyMatch(c -> c.startsWith("api status"));
  }

  @Test
  void apiJoinsItsWordsIntoOneCommand() {
    int rc = run(esl("api", "echo", "hello", "world").toArray(String[]::new));

    assertThat(rc).isZero();
    assertThat(out.toString().strip()).isEqualTo("hello world");
  }

  @Test
  void anErrAnswerIsPrintedWithExit1() {
    int rc = run(esl("api", "no_such_thing").toArray(String[]::new));

    assertThat(rc).isEqualTo(1);
    assertThat(out.toString()).startsWith("-ERR no_such_thing Command not found!");
  }

  @Test
  void bgapiPrintsTheBackgroundJobsResult() {
    int rc = run(esl("bgapi", "echo", "later").toArray(String[]::new));

    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("later" + System.lineSeparator());
    assertThat(fs.commands()).anyMatch(c -> c.startsWith("bgapi echo later"));
  }

  @Test
  void aWrongPasswordIsNamedWithExit2() {
    List<String> a = esl("api", "status");
    a.set(a.indexOf("s3cret"), "ClueCon");

    int rc = run(a.toArray(String[]::new));

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("esl api:").containsIgnoringCase("password");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void nobodyListeningIsNamedWithExit2() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }

    int rc = run("esl", "--port", String.valueOf(closed), "--timeout", "2", "api", "status");

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("esl api:").contains(String.valueOf(closed));
  }

  @Test
  void aFreeswitchThatNeverAnswersEndsWithExit3() {
    fs.silent = true;
    long start = System.nanoTime();

    int rc = run(esl("api", "status").toArray(String[]::new));

    assertThat(rc).isEqualTo(3);
    assertThat(err.toString()).startsWith("esl api:");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void badUsageIsExit2WithTheProblemNamed() {
    assertThat(run("esl", "api")).isEqualTo(2);
    assertThat(err.toString()).contains("COMMAND");

    err.getBuffer().setLength(0);
    assertThat(run("esl", "--port", "70000", "api", "status")).isEqualTo(2);
    assertThat(err.toString()).contains("--port out of range: 70000");

    err.getBuffer().setLength(0);
    assertThat(run(esl("events", "--count", "0").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--count must be at least 1");

    err.getBuffer().setLength(0);
    assertThat(run(esl("events", "--wire-format", "yaml").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--wire-format must be json, plain or xml: yaml");
    assertThat(fs.accepted()).isZero();
  }

  @Test
  void eventsPrintsJsonLinesAndStopsAfterCount() throws Exception {
    CompletableFuture<Integer> rc = runInBackground(esl("events", "DTMF", "--count", "2"));
    awaitCommand("event json DTMF");

    fs.event(EventTemplates.dtmf(CALL, '4'));
    fs.event(EventTemplates.hangupComplete(CALL, "NORMAL_CLEARING")); // not subscribed
    fs.event(EventTemplates.dtmf(CALL, '#'));

    assertThat(rc.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    List<JsonNode> events = printedEvents();
    assertThat(events).hasSize(2);
    assertThat(events).extracting(e -> e.get("Event-Name").asText()).containsOnly("DTMF");
    assertThat(events).extracting(e -> e.get("DTMF-Digit").asText()).containsExactly("4", "#");
    assertThat(events.get(0).get("Unique-ID").asText()).isEqualTo(CALL);
    assertThat(fs.commands()).anyMatch(c -> c.startsWith("exit"));
  }

  @Test
  void eventsCarryTheBodyAndTheFormatOnTheWireDoesNotChangeTheOutput() throws Exception {
    for (String format : List.of("json", "plain", "xml")) {
      out.getBuffer().setLength(0);
      CompletableFuture<Integer> rc =
          runInBackground(esl("events", "BACKGROUND_JOB", "--count", "1", "--wire-format", format));
      awaitCommand("event " + format + " BACKGROUND_JOB");

      fs.event(EventTemplates.backgroundJob("job-" + format, "status", "+OK two\nlines\n"));

      assertThat(rc.get(10, TimeUnit.SECONDS)).as(format + ": " + err).isZero();
      JsonNode e = printedEvents().get(0);
      assertThat(e.get("Job-UUID").asText()).as(format).isEqualTo("job-" + format);
      assertThat(e.get("_body").asText()).as(format).isEqualTo("+OK two\nlines\n");
    }
  }

  @Test
  void eventsStopWhenTheChosenCustomEventComes() throws Exception {
    CompletableFuture<Integer> rc =
        runInBackground(esl("events", "DTMF", "--until-custom", "mrcpj::done"));
    awaitCommand("event json CUSTOM mrcpj::done");

    fs.event(EventTemplates.dtmf(CALL, '7'));
    fs.event(EventTemplates.custom("other::thing", Map.of()));
    fs.event(EventTemplates.custom("mrcpj::done", Map.of()));

    assertThat(rc.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(printedEvents())
        .extracting(e -> e.get("Event-Name").asText())
        .containsExactly("DTMF");
  }

  @Test
  void eventsFilterOnAHeader() throws Exception {
    CompletableFuture<Integer> rc =
        runInBackground(esl("events", "DTMF", "--count", "1", "--filter", "Unique-ID=" + CALL));
    awaitCommand("filter Unique-ID " + CALL);

    fs.event(EventTemplates.dtmf("another-call", '1'));
    fs.event(EventTemplates.dtmf(CALL, '2'));

    assertThat(rc.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(printedEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("Unique-ID").asText()).isEqualTo(CALL);
              assertThat(e.get("DTMF-Digit").asText()).isEqualTo("2");
            });
  }

  @Test
  void eventsGoOnAfterTheConnectionIsLost() throws Exception {
    CompletableFuture<Integer> rc = runInBackground(esl("events", "DTMF", "--count", "2"));
    awaitCommand("event json DTMF");
    fs.event(EventTemplates.dtmf(CALL, '1'));
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString().contains("DTMF"));

    fs.dropAll();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fs.accepted() == 2
                    && fs.commands().stream().filter(c -> c.startsWith("event json DTMF")).count()
                        == 2);
    fs.event(EventTemplates.dtmf(CALL, '2'));

    assertThat(rc.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(printedEvents())
        .extracting(e -> e.get("DTMF-Digit").asText())
        .containsExactly("1", "2");
    assertThat(err.toString()).contains("connection lost").contains("reconnecting");
  }
}
