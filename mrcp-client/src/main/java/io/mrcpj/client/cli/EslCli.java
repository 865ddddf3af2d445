package io.mrcpj.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mrcpj.client.esl.BackgroundJobEvent;
import io.mrcpj.client.esl.EslAuthException;
import io.mrcpj.client.esl.EslClient;
import io.mrcpj.client.esl.EslConnectionException;
import io.mrcpj.client.esl.EslConnectionListener;
import io.mrcpj.client.esl.EslEvent;
import io.mrcpj.client.esl.EventConsumer;
import io.mrcpj.client.esl.EventFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code esl}: talk to FreeSWITCH's Event Socket (inbound): print events, run API commands. */
@Command(
    name = "esl",
    mixinStandardHelpOptions = true,
    description = {
      "Talk to FreeSWITCH's Event Socket: print events as JSON lines, run API commands.",
      "Exit codes: 0 done, 1 FreeSWITCH answered -ERR, 2 bad usage, FreeSWITCH unreachable or the"
          + " password refused, 3 no answer in time or the connection lost."
    },
    subcommands = {EslCli.Events.class, EslCli.Api.class, EslCli.Bgapi.class})
final class EslCli implements Runnable {

  @Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "FreeSWITCH's address (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8021",
      description = "mod_event_socket's port (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--password",
      defaultValue = "ClueCon",
      description = "mod_event_socket's password (default ${DEFAULT-VALUE})")
  String password;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "how long to wait for connecting and for each answer (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private EslClient connect(EventFormat format) throws Exception {
    if (port < 1 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port out of range: " + port);
    }
    if (timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1");
    }
    Duration t = Duration.ofSeconds(timeoutSeconds);
    return wait(
        EslClient.builder()
            .host(host)
            .port(port)
            .password(password)
            .eventFormat(format)
            .connectTimeout(t)
            .commandTimeout(t)
            .connect());
  }

  private <T> T wait(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(timeoutSeconds + 5L, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  /** Runs a sub-command with the exit codes the help text promises. */
  private int guarded(String what, PrintWriter err, Action action) {
    try {
      return action.run();
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (EslAuthException e) {
      return fail(err, what, e.getMessage(), 2);
    } catch (EslConnectionException e) {
      return fail(err, what, e.getMessage(), e.getMessage().startsWith("cannot connect") ? 2 : 3);
    } catch (IllegalArgumentException e) {
      return fail(err, what, e.getMessage(), 2);
    } catch (TimeoutException | io.mrcpj.client.esl.EslTimeoutException e) {
      return fail(err, what, "no answer from FreeSWITCH in time", 3);
    } catch (Exception e) {
      return fail(err, what, e.toString(), 3);
    }
  }

  private static int fail(PrintWriter err, String what, String why, int code) {
    err.println("esl " + what + ": " + why);
    err.flush();
    return code;
  }

  private interface Action {
    int run() throws Exception;
  }

  /** What {@code api} and {@code bgapi} share: the parent's options and the command's words. */
  private abstract static class WithCommand implements Callable<Integer> {
    @ParentCommand EslCli esl;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "COMMAND",
        description = "the command and its arguments")
    List<String> words;

    String command() {
      return String.join(" ", words);
    }
  }

  /** {@code esl api "<command>"}. */
  @Command(
      name = "api",
      mixinStandardHelpOptions = true,
      description = "Run an API command (e.g. \"status\", \"show channels\") and print its output.")
  static final class Api extends WithCommand {
    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      return esl.guarded(
          "api",
          spec.commandLine().getErr(),
          () -> {
            try (EslClient c = esl.connect(EventFormat.JSON)) {
              return print(out, esl.wait(c.api(command())).text());
            }
          });
    }
  }

  /** {@code esl bgapi "<command>"}. */
  @Command(
      name = "bgapi",
      mixinStandardHelpOptions = true,
      description = "Run an API command in the background and print its result when it comes.")
  static final class Bgapi extends WithCommand {
    @Option(
        names = "--wait",
        paramLabel = "SECONDS",
        defaultValue = "60",
        description = "how long to wait for the result (default ${DEFAULT-VALUE})")
    private int waitSeconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      return esl.guarded(
          "bgapi",
          spec.commandLine().getErr(),
          () -> {
            try (EslClient c = esl.connect(EventFormat.JSON)) {
              BackgroundJobEvent job = c.bgapi(command()).get(waitSeconds, TimeUnit.SECONDS);
              String text = job.result();
              return print(out, text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            } catch (ExecutionException e) {
              throw e.getCause() instanceof Exception x ? x : e;
            }
          });
    }
  }

  private static int print(PrintWriter out, String text) {
    out.println(text);
    out.flush();
    return text.startsWith("-ERR") ? 1 : 0;
  }

  /** {@code esl events [NAMES...]}. */
  @Command(
      name = "events",
      mixinStandardHelpOptions = true,
      description = {
        "Print events as JSON lines (one object per event: its headers, multi-valued ones as"
            + " arrays, the body under \"_body\") until stopped, --count events were printed or"
            + " the --until-custom event came.",
        "The connection is made again if it is lost."
      })
  static final class Events implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand private EslCli esl;
    @Spec private CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "NAME",
        description =
            "event names (e.g. CHANNEL_ANSWER DTMF); CUSTOM takes subclasses after it;"
                + " default ALL")
    private List<String> names = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "stop after N events")
    private Integer count;

    @Option(
        names = "--until-custom",
        paramLabel = "SUBCLASS",
        description = "stop when a CUSTOM event of this subclass comes (not printed)")
    private String untilCustom;

    @Option(
        names = "--filter",
        paramLabel = "HEADER=VALUE",
        description = "only events whose header has this value; repeatable")
    private Map<String, String> filters = new LinkedHashMap<>();

    @Option(
        names = "--wire-format",
        paramLabel = "json|plain|xml",
        defaultValue = "json",
        description = "how FreeSWITCH sends them (output is JSON anyway; default ${DEFAULT-VALUE})")
    private String wire;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (count != null && count < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
      }
      EventFormat format;
      try {
        format = EventFormat.valueOf(wire.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--wire-format must be json, plain or xml: " + wire);
      }
      return esl.guarded("events", err, () -> stream(format, out, err));
    }

    private int stream(EventFormat format, PrintWriter out, PrintWriter err) throws Exception {
      try (EslClient c = esl.connect(format)) {
        c.addConnectionListener(
            new EslConnectionListener() {
              @Override
              public void onDisconnected(Throwable cause) {
                err.println(
                    "esl events: connection lost (" + cause.getMessage() + "); reconnecting");
                err.flush();
              }
            });
        AtomicInteger printed = new AtomicInteger();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        EventConsumer consumer =
            c.consumeUntil(
                e -> untilCustom != null && e.isCustom(untilCustom),
                e -> {
                  if (enough.isDone()) {
                    return;
                  }
                  synchronized (out) {
                    out.println(json(e));
                    out.flush();
                  }
                  if (count != null && printed.incrementAndGet() >= count) {
                    enough.complete(null);
                  }
                });
        List<String> words = new ArrayList<>(names.isEmpty() ? List.of("ALL") : names);
        esl.wait(c.subscribe(words.toArray(String[]::new)));
        if (untilCustom != null && !words.contains("ALL")) {
          esl.wait(c.subscribeCustom(untilCustom));
        }
        for (Map.Entry<String, String> f : filters.entrySet()) {
          esl.wait(c.filter(f.getKey(), f.getValue()));
        }
        CompletableFuture.anyOf(enough, consumer.done()).join();
        consumer.close();
        return 0;
      }
    }

    static String json(EslEvent e) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> h : e.headers().asMap().entrySet()) {
        m.put(h.getKey(), h.getValue().size() == 1 ? h.getValue().get(0) : h.getValue());
      }
      if (!e.body().isEmpty()) {
        m.put("_body", e.body());
      }
      try {
        return JSON.writeValueAsString(m);
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
    }
  }
}
