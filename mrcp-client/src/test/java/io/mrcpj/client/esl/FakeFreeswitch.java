package io.mrcpj.client.esl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A scripted FreeSWITCH Event Socket for behaviour the captures do not show (reconnects, slow
 * listeners, malformed frames, many jobs, scheduled hangups, play_and_detect_speech driven from
 * Java). It speaks the protocol as the captures do (replies worded as FreeSWITCH words them, events
 * made from real captured events with the call's ids put in) and keeps FreeSWITCH's rules for
 * subscriptions, filters, bgapi Job-UUIDs, sched_api/sched_del and sendmsg's Event-UUID.
 */
public final class FakeFreeswitch implements AutoCloseable {

  /** A command as received. */
  public record Command(String line, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Runs an application started by sendmsg; may emit events on the connection. */
  @FunctionalInterface
  public interface App {
    void run(Conn conn, String uuid, String arg, String appUuid) throws Exception;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String password;
  private final ServerSocket server;
  private final List<Conn> conns = new CopyOnWriteArrayList<>();
  private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Function<String, String>> api = new ConcurrentHashMap<>();
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> variables = new ConcurrentHashMap<>();
  private final Map<Long, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();
  private final AtomicLong taskIds = new AtomicLong(40);
  private final AtomicLong sequence = new AtomicLong(90_000);
  private final AtomicInteger accepted = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

  /** Runs bgapi jobs and applications, each on a thread of its own, as FreeSWITCH does. */
  private final java.util.concurrent.ExecutorService work = Executors.newCachedThreadPool();

  /** Job-UUID header on bgapi is used (as FreeSWITCH does); false: ids are made up here. */
  public volatile boolean honourJobUuid = true;

  /** Stop answering and sending anything (a FreeSWITCH that hangs). */
  public volatile boolean silent;

  public FakeFreeswitch(String password) throws IOException {
    this.password = password;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    api(
        "status",
        a -> "UP 0 years, 0 days, 0 hours, 1 minute\nFreeSWITCH (Version 1.10.12) is ready\n");
    api("echo", a -> a + "\n");
    api("uuid_setvar", this::setvar);
    api("uuid_kill", this::kill);
    api("sched_api", this::schedApi);
    api("sched_del", this::schedDel);
    app("answer", (c, uuid, arg, id) -> c.executed(uuid, "answer", arg, id));
    Thread t = new Thread(this::acceptLoop, "fake-freeswitch");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Answers {@code api <name> <args>} (and bgapi) with what the function returns. */
  public void api(String name, Function<String, String> answer) {
    api.put(name, answer);
  }

  public void app(String name, App app) {
    apps.put(name, app);
  }

  /** Every command received, on any connection, in order. */
  /**
   * Commands whose effect is in place (a subscription, a filter): {@link #commands()} has them as
   * soon as they are read, a moment before an event sent to the connection would pass them.
   */
  public List<String> handled() {
    synchronized (handled) {
      return List.copyOf(handled);
    }
  }

  public List<String> commands() {
    synchronized (commands) {
      return List.copyOf(commands);
    }
  }

  public List<Conn> connections() {
    return List.copyOf(conns);
  }

  public int accepted() {
    return accepted.get();
  }

  /** A channel variable set with uuid_setvar, or null. */
  public String variable(String uuid, String name) {
    return variables.getOrDefault(uuid, Map.of()).get(name);
  }

  /** Sends an event to every connection whose subscriptions and filters let it through. */
  public void event(Map<String, Object> fields) {
    for (Conn c : conns) {
      c.event(fields);
    }
  }

  /** Writes raw bytes to every connection. */
  public void raw(String bytes) {
    for (Conn c : conns) {
      c.write(bytes);
    }
  }

  /**
   * Does what the dialplan's {@code socket <host:port> async full} does: connects to an outbound
   * application for the call {@code uuid} and answers its {@code connect} with the channel's data
   * (the captured CHANNEL_DATA with this call's id).
   */
  public Conn dialOut(int port, String uuid) throws IOException {
    Conn c = new Conn(new Socket(InetAddress.getLoopbackAddress(), port), uuid);
    conns.add(c);
    Thread t = new Thread(c::serve, "fake-freeswitch-out");
    t.setDaemon(true);
    t.start();
    return c;
  }

  /** Drops every connection at once (a FreeSWITCH restart, a network cut). */
  public void dropAll() throws IOException {
    for (Conn c : conns) {
      c.socket.close();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropAll();
    timer.shutdownNow();
    work.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.incrementAndGet();
        Conn c = new Conn(s);
        conns.add(c);
        Thread t = new Thread(c::serve, "fake-freeswitch-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- api commands

  private String setvar(String args) {
    String[] p = args.split(" ", 3);
    Map<String, String> vars = variables.computeIfAbsent(p[0], k -> new ConcurrentHashMap<>());
    if (p.length == 2) {
      vars.remove(p[1]);
    } else {
      vars.put(p[1], p[2]);
    }
    return "+OK\n";
  }

  private String kill(String args) {
    String[] p = args.split(" ");
    event(EventTemplates.hangupComplete(p[0], p.length > 1 ? p[1] : "NORMAL_CLEARING"));
    return "+OK\n";
  }

  private String schedApi(String args) {
    String[] p = args.split(" ", 3);
    if (p.length < 3 || !p[0].startsWith("+")) {
      return "-ERR Invalid syntax. USAGE: [+@]<time> <group_name> <command_string>\n";
    }
    long id = taskIds.incrementAndGet();
    String cmd = p[2];
    tasks.put(
        id,
        timer.schedule(
            () -> {
              tasks.remove(id);
              runApi(cmd);
            },
            Long.parseLong(p[0].substring(1)),
            TimeUnit.SECONDS));
    return "+OK Added: " + id + "\n";
  }

  private String schedDel(String args) {
    ScheduledFuture<?> f = tasks.remove(Long.parseLong(args.strip()));
    boolean deleted = f != null && f.cancel(false);
    return "+OK Deleted: " + (deleted ? 1 : 0) + "\n";
  }

  String runApi(String command) {
    int space = command.indexOf(' ');
    String name = space < 0 ? command : command.substring(0, space);
    String args = space < 0 ? "" : command.substring(space + 1);
    Function<String, String> f = api.get(name);
    return f == null ? "-ERR " + name + " Command not found!\n" : f.apply(args);
  }

  /** One client connection, with its subscriptions and filters. */
  public final class Conn {
    final Socket socket;
    private final OutputStream out;
    private EventFormat format = EventFormat.PLAIN;
    private boolean all;
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Set<String> custom = ConcurrentHashMap.newKeySet();
    private final List<String[]> filters = new CopyOnWriteArrayList<>();
    private volatile boolean authed;

    /** This connection stops answering and sending (FreeSWITCH hung on this socket). */
    public volatile boolean silent;

    public final List<String> received = new CopyOnWriteArrayList<>();

    /** The call of an outbound socket, or null for an inbound connection. */
    public final String call;

    Conn(Socket socket) throws IOException {
      this(socket, null);
    }

    Conn(Socket socket, String call) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.call = call;
      this.authed = call != null;
    }

    public boolean isClosed() {
      return socket.isClosed();
    }

    void serve() {
      try (socket) {
        if (call == null) {
          write("Content-Type: auth/request\n\n");
        }
        InputStream in = socket.getInputStream();
        for (String text; (text = EslReplayPeer.readCommand(in)) != null; ) {
          commands.add(text);
          received.add(text);
          if (!silent && !FakeFreeswitch.this.silent) {
            handle(parse(text));
          }
          handled.add(text);
        }
      } catch (IOException e) {
        // connection dropped
      } finally {
        conns.remove(this);
      }
    }

    private void handle(Command c) throws IOException {
      String line = c.line();
      String word = line.split(" ", 2)[0].toLowerCase(Locale.ROOT);
      String rest = line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : "";
      if (!authed && !word.equals("auth")) {
        reply("-ERR command not found");
        return;
      }
      switch (word) {
        case "auth" -> {
          if (rest.equals(password)) {
            authed = true;
            reply("+OK accepted");
          } else {
            reply("-ERR invalid");
            write(
                "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
                    + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
            socket.close();
          }
        }
        case "event" -> {
          String[] w = rest.split(" ");
          format = EventFormat.valueOf(w[0].toUpperCase(Locale.ROOT));
          boolean inCustom = false;
          for (int i = 1; i < w.length; i++) {
            if (inCustom) {
              custom.add(w[i]);
            } else if (w[i].equals("ALL")) {
              all = true;
            } else if (w[i].equals("CUSTOM")) {
              inCustom = true;
            } else {
              names.add(w[i]);
            }
          }
          reply("+OK event listener enabled " + format.word());
        }
        case "nixevent" -> {
          for (String n : rest.split(" ")) {
            names.remove(n);
          }
          reply("+OK events removed");
        }
        case "noevents" -> {
          all = false;
          names.clear();
          custom.clear();
          reply("+OK no longer listening for events");
        }
        case "filter" -> {
          String[] w = rest.split(" ", 2);
          filters.add(w);
          reply("+OK filter added. [" + w[0] + "]=[" + w[1] + "]");
        }
        case "api" -> apiResponse(runApi(rest));
        case "bgapi" -> {
          String id =
              honourJobUuid && c.header("Job-UUID") != null
                  ? c.header("Job-UUID")
                  : UUID.randomUUID().toString();
          write(
              "Content-Type: command/reply\nReply-Text: +OK Job-UUID: "
                  + id
                  + "\nJob-UUID: "
                  + id
                  + "\n\n");
          work.execute(
              () ->
                  FakeFreeswitch.this.event(EventTemplates.backgroundJob(id, rest, runApi(rest))));
        }
        case "sendmsg" -> sendmsg(rest.isEmpty() ? call : rest, c);
        case "connect" -> write(channelData());
        case "myevents" -> {
          all = true;
          filters.add(new String[] {"Unique-ID", call});
          reply("+OK Events Enabled");
        }
        case "linger" ->
            reply(rest.isEmpty() ? "+OK will linger" : "+OK will linger " + rest + " seconds");
        case "nolinger" -> reply("+OK will not linger");
        case "sendevent" -> {
          Map<String, String> h = new LinkedHashMap<>(c.headers());
          String sub = c.headers().getOrDefault("event-subclass", "");
          h.remove("event-subclass");
          h.remove("content-length");
          Map<String, Object> e = EventTemplates.custom(sub, h);
          e.put("Event-Name", rest);
          if (!c.body().isEmpty()) {
            e.put("_body", c.body());
          }
          reply("+OK " + UUID.randomUUID());
          FakeFreeswitch.this.event(e);
        }
        case "exit" -> {
          reply("+OK bye");
          write(
              "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
                  + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
          socket.close();
        }
        default -> reply("-ERR command not found");
      }
    }

    private void sendmsg(String uuid, Command c) {
      String command = c.header("call-command");
      if ("hangup".equals(command)) {
        reply("+OK");
        FakeFreeswitch.this.event(EventTemplates.hangupComplete(uuid, c.header("hangup-cause")));
        return;
      }
      String name = c.header("execute-app-name");
      App app = apps.get(name);
      if (app == null) {
        reply("-ERR invalid application " + name);
        return;
      }
      reply("+OK");
      String appUuid =
          c.header("event-uuid") != null ? c.header("event-uuid") : UUID.randomUUID().toString();
      work.execute(
          () -> {
            try {
              app.run(this, uuid, c.header("execute-app-arg"), appUuid);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }

    /** Emits CHANNEL_EXECUTE_COMPLETE of an application run, with these channel variables. */
    public void executed(String uuid, String app, String arg, String appUuid) {
      executed(uuid, app, arg, appUuid, Map.of());
    }

    public void executed(
        String uuid, String app, String arg, String appUuid, Map<String, String> vars) {
      Map<String, String> all = new LinkedHashMap<>(variables.getOrDefault(uuid, Map.of()));
      all.putAll(vars);
      FakeFreeswitch.this.event(EventTemplates.executeComplete(uuid, app, arg, appUuid, all));
    }

    /** The captured reply to connect, for this connection's call. */
    private String channelData() {
      String captured = EslCapture.load("outbound").fromFreeswitch().get(0).text();
      return captured.replace("ef804382-2d27-4476-bce1-9b19a1daa3e0", call);
    }

    /** FreeSWITCH's notices when the call of an outbound socket hangs up while lingering. */
    public void lingerNotice() {
      write(
          "Content-Type: text/disconnect-notice\nControlled-Session-UUID: "
              + call
              + "\nContent-Disposition: linger\nChannel-Name: loopback/7030-b\nLinger-Time: -1\n"
              + "Content-Length: 0\n\n");
    }

    void reply(String text) {
      write("Content-Type: command/reply\nReply-Text: " + text + "\n\n");
    }

    void apiResponse(String body) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      write("Content-Type: api/response\nContent-Length: " + b.length + "\n\n" + body);
    }

    /** Sends an event if this connection's subscriptions and filters let it through. */
    public void event(Map<String, Object> fields) {
      if (silent || FakeFreeswitch.this.silent || !authed) {
        return;
      }
      String name = String.valueOf(fields.get("Event-Name"));
      boolean wanted =
          all
              || names.contains(name)
              || (name.equals("CUSTOM")
                  && custom.contains(String.valueOf(fields.get("Event-Subclass"))));
      if (!wanted) {
        return;
      }
      if (!filters.isEmpty()
          && filters.stream().noneMatch(f -> f[1].equals(String.valueOf(fields.get(f[0]))))) {
        return;
      }
      Map<String, Object> e = new LinkedHashMap<>(fields);
      e.put("Event-Sequence", String.valueOf(sequence.incrementAndGet()));
      write(serialize(e, format));
    }

    public synchronized void write(String text) {
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // the client is gone
      }
    }
  }

  static String serialize(Map<String, Object> e, EventFormat format) {
    String body;
    String type;
    if (format == EventFormat.JSON) {
      try {
        body = JSON.writeValueAsString(e);
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
      type = "text/event-json";
    } else {
      StringBuilder sb = new StringBuilder();
      String inner = null;
      for (Map.Entry<String, Object> f : e.entrySet()) {
        if (f.getKey().equals("_body")) {
          inner = String.valueOf(f.getValue());
          continue;
        }
        if (f.getKey().equals("Content-Length")) {
          continue;
        }
        Object v = f.getValue();
        String value =
            v instanceof List<?> l
                ? "ARRAY::" + String.join("|:", l.stream().map(String::valueOf).toList())
                : String.valueOf(v);
        sb.append(f.getKey()).append(": ").append(encode(value)).append('\n');
      }
      if (inner != null) {
        sb.append("Content-Length: ")
            .append(inner.getBytes(StandardCharsets.UTF_8).length)
            .append("\n\n")
            .append(inner);
      } else {
        sb.append('\n');
      }
      body = sb.toString();
      type = "text/event-plain";
    }
    return "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\nContent-Type: "
        + type
        + "\n\n"
        + body;
  }

  /** FreeSWITCH's URL encoding: everything but letters, digits and -_.~ as %XX. */
  static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  static Command parse(String text) {
    int blank = text.indexOf("\n\n");
    String head = blank < 0 ? text : text.substring(0, blank);
    String body = blank < 0 ? "" : text.substring(blank + 2);
    String[] lines = head.split("\n");
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        h.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    return new Command(lines[0].strip(), h, body);
  }

  static Set<String> words(String s) {
    return new LinkedHashSet<>(List.of(s.split(" ")));
  }
}
