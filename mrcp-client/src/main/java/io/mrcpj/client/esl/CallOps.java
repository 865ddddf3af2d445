package io.mrcpj.client.esl;

import io.mrcpj.core.nlsml.NlsmlParseException;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The call operations of {@link EslCall}, over whichever connection controls the call (the inbound
 * client's, or an outbound socket's).
 */
final class CallOps implements EslCall {

  /** How the operations reach FreeSWITCH. */
  interface Port {
    /** The connection now; fails when there is none. */
    EslConnection connection();

    /** {@code sendmsg <uuid>} inbound, {@code sendmsg} on an outbound socket. */
    String sendmsgLine(String uuid);

    /** Makes sure these events of the call reach the connection (subscriptions, filters). */
    CompletableFuture<Void> ensureEvents(String uuid, List<String> names);

    Registration addListener(String uuid, EslEventListener listener);
  }

  static final List<String> EXECUTE_EVENTS =
      List.of("CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HANGUP_COMPLETE");
  static final List<String> SPEECH_EVENTS =
      List.of("CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HANGUP_COMPLETE", "DETECTED_SPEECH", "DTMF");

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:/+-]+");
  private static final Pattern PARAM = Pattern.compile("[^\\s,={}]+");

  private final String uuid;
  private final Port port;

  CallOps(String uuid, Port port) {
    if (uuid == null || !TOKEN.matcher(uuid).matches()) {
      throw new IllegalArgumentException("not a channel uuid: " + uuid);
    }
    this.uuid = uuid;
    this.port = port;
  }

  @Override
  public String uuid() {
    return uuid;
  }

  @Override
  public CompletableFuture<ExecuteCompleteEvent> execute(String application, String argument) {
    try {
      checkApp(application);
      return run(application, argument, EXECUTE_EVENTS, List.of()).done;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<EslReply> hangup(String cause) {
    try {
      EslCommand cmd =
          EslCommand.builder(port.sendmsgLine(uuid))
              .header("call-command", "hangup")
              .header("hangup-cause", cause == null ? "NORMAL_CLEARING" : checkCause(cause))
              .build();
      return port.connection().reply(cmd);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<EslReply> setVariable(String name, String value) {
    try {
      if (name == null || !PARAM.matcher(name).matches()) {
        throw new IllegalArgumentException("not a variable name: " + name);
      }
      String line = "api uuid_setvar " + uuid + " " + name + (value == null ? "" : " " + value);
      return port.connection().reply(EslCommand.of(line));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<SpeechResult> playAndDetectSpeech(
      String prompt, String engine, String grammar, Map<String, String> params) {
    String arg;
    try {
      arg = speechArgument(prompt, engine, grammar, params);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<String> before =
        List.of(
            "api uuid_setvar " + uuid + " fire_asr_events true",
            "api uuid_setvar " + uuid + " detect_speech_result",
            "api uuid_setvar " + uuid + " playback_terminator_used");
    try {
      CallTracker.Op op = run("play_and_detect_speech", arg, SPEECH_EVENTS, before);
      return op.done.thenApply(c -> speechResult(op, c));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<ScheduledHangup> hangupAfter(Duration delay) {
    return hangupAfter(delay, "ALLOTTED_TIMEOUT");
  }

  @Override
  public CompletableFuture<ScheduledHangup> hangupAfter(Duration delay, String cause) {
    String cmd;
    try {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("delay must be zero or more: " + delay);
      }
      long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
      cmd =
          "sched_api +"
              + seconds
              + " mrcpj-hangup-"
              + uuid
              + " uuid_kill "
              + uuid
              + " "
              + checkCause(cause);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return api(cmd)
        .thenApply(
            r -> {
              String t = r.text();
              if (!r.isOk()) {
                throw new EslCommandException("sched_api", t);
              }
              try {
                long id = Long.parseLong(t.substring(t.lastIndexOf(':') + 1).strip());
                return new ScheduledHangup(uuid, id, this::api);
              } catch (RuntimeException e) {
                throw new EslProtocolException("sched_api answered \"" + t + "\"");
              }
            });
  }

  @Override
  public Registration addListener(EslEventListener listener) {
    return port.addListener(uuid, listener);
  }

  private CompletableFuture<EslReply> api(String command) {
    try {
      return port.connection().reply(EslCommand.of("api " + command));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Starts an application: subscribes what it needs, sends the commands that must come first,
   * registers the run, then sends the execute. The run fails if FreeSWITCH refuses the execute.
   */
  private CallTracker.Op run(
      String application, String argument, List<String> events, List<String> first) {
    String appUuid = UUID.randomUUID().toString();
    EslCommand.Builder b =
        EslCommand.builder(port.sendmsgLine(uuid))
            .header("call-command", "execute")
            .header("execute-app-name", application);
    if (argument != null && !argument.isEmpty()) {
      b.header("execute-app-arg", argument);
    }
    EslCommand execute = b.header("event-lock", "true").header("Event-UUID", appUuid).build();
    List<EslCommand> before = first.stream().map(EslCommand::of).toList();
    CallTracker.Op op = new CallTracker.Op(uuid, appUuid);
    port.ensureEvents(uuid, events)
        .thenAccept(
            v -> {
              EslConnection c = port.connection();
              c.calls.register(op);
              before.forEach(c::send);
              c.reply(execute)
                  .whenComplete(
                      (r, e) -> {
                        if (e != null) {
                          op.done.completeExceptionally(e);
                        } else if (!r.isOk()) {
                          op.done.completeExceptionally(
                              new EslCommandException(application, r.text()));
                        }
                      });
            })
        .exceptionally(
            e -> {
              op.done.completeExceptionally(e);
              return null;
            });
    return op;
  }

  static SpeechResult speechResult(CallTracker.Op op, ExecuteCompleteEvent c) {
    String nlsml = c.variable("detect_speech_result");
    if ((nlsml == null || nlsml.isBlank()) && !op.speech.isEmpty()) {
      nlsml = op.speech.get(op.speech.size() - 1).body();
    }
    if (nlsml != null && !nlsml.isBlank()) {
      try {
        NlsmlResult r = NlsmlReader.read(nlsml);
        return new SpeechResult(SpeechResult.kindOf(r), nlsml, r, op.keys.toString(), c);
      } catch (NlsmlParseException e) {
        return new SpeechResult(SpeechResult.Kind.NONE, nlsml, null, op.keys.toString(), c);
      }
    }
    String term = c.variable("playback_terminator_used");
    String keys = term != null && !term.isEmpty() ? term : op.keys.toString();
    return new SpeechResult(
        keys.isEmpty() ? SpeechResult.Kind.NONE : SpeechResult.Kind.DTMF, null, null, keys, c);
  }

  static String speechArgument(
      String prompt, String engine, String grammar, Map<String, String> params) {
    if (prompt == null || prompt.isBlank() || prompt.contains("detect:")) {
      throw new IllegalArgumentException("prompt must be a file to play, without \"detect:\"");
    }
    if (engine == null || !TOKEN.matcher(engine).matches()) {
      throw new IllegalArgumentException("engine must be <module>:<profile>, e.g. unimrcp:mrcpj");
    }
    if (grammar == null || grammar.isBlank()) {
      throw new IllegalArgumentException("grammar is empty");
    }
    StringBuilder sb = new StringBuilder(prompt).append(" detect:").append(engine).append(' ');
    if (params != null && !params.isEmpty()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, String> p : params.entrySet()) {
        if (!PARAM.matcher(p.getKey()).matches()
            || p.getValue() == null
            || !PARAM.matcher(p.getValue()).matches()) {
          throw new IllegalArgumentException(
              "parameter " + p.getKey() + "=" + p.getValue() + " has a space or one of , = { }");
        }
        sb.append(first ? "" : ",").append(p.getKey()).append('=').append(p.getValue());
        first = false;
      }
      sb.append('}');
    }
    return sb.append(grammar).toString();
  }

  private static void checkApp(String application) {
    if (application == null || !TOKEN.matcher(application).matches()) {
      throw new IllegalArgumentException("not an application name: " + application);
    }
  }

  private static String checkCause(String cause) {
    if (cause == null || !cause.matches("[A-Z_]+")) {
      throw new IllegalArgumentException("not a hangup cause: " + cause);
    }
    return cause;
  }
}
