package io.mrcpj.client.esl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays FreeSWITCH's side of a real capture to the code under test, byte for byte: it writes each
 * of FreeSWITCH's messages when its turn comes and, at each of the client's turns, reads one
 * command and checks it against the one in the capture (same first line, every captured header with
 * the same value, same body).
 *
 * <p>Ids the client picks itself are followed: a {@code Job-UUID} on bgapi, an {@code Event-UUID}
 * on sendmsg. The capture's id for that job or application run is replaced by the client's in the
 * rest of FreeSWITCH's bytes (UUIDs are all 36 characters, so lengths do not change).
 */
final class EslReplayPeer implements AutoCloseable {

  private static final Pattern APP_UUID =
      Pattern.compile("Application-UUID(?:\":\"|: |>)([0-9a-f-]{36})");
  private static final Pattern JOB_UUID = Pattern.compile("Job-UUID: ([0-9a-f-]{36})");

  private final EslCapture capture;
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> rename = new LinkedHashMap<>();
  private ServerSocket server;
  private Socket socket;
  private Thread thread;
  private volatile boolean finished;

  EslReplayPeer(EslCapture capture) {
    this.capture = capture;
  }

  /** Inbound captures: listens on a loopback port and plays to the first client. */
  EslReplayPeer listen() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    return run(server::accept);
  }

  /** Outbound captures: connects to the application, as FreeSWITCH's socket app does. */
  EslReplayPeer connect(int port) {
    return run(() -> new Socket(InetAddress.getLoopbackAddress(), port));
  }

  private interface Opener {
    Socket open() throws IOException;
  }

  private EslReplayPeer run(Opener opener) {
    thread =
        new Thread(
            () -> {
              try (Socket s = opener.open()) {
                socket = s;
                play(s);
              } catch (IOException e) {
                problems.add("peer: " + e);
              } finally {
                finished = true;
              }
            },
            "replay-" + capture.name);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  int port() {
    return server.getLocalPort();
  }

  /** The commands the client sent, as text. */
  List<String> received() {
    return List.copyOf(received);
  }

  /** Differences from the capture; empty when the client behaved as the real one did. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Waits for the replay to end. */
  boolean await(long millis) throws InterruptedException {
    thread.join(millis);
    return finished;
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
    if (socket != null) {
      socket.close();
    }
  }

  private void play(Socket s) throws IOException {
    s.setSoTimeout(15_000);
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    List<EslCapture.Step> steps = capture.steps;
    for (int i = 0; i < steps.size(); i++) {
      EslCapture.Step step = steps.get(i);
      switch (step.side()) {
        case FREESWITCH -> {
          try {
            out.write(renamed(step.bytes()));
            out.flush();
          } catch (IOException e) {
            if (!onlyFreeswitchLeft(i)) {
              throw e;
            }
            return;
          }
        }
        case CLIENT -> {
          String got = readCommand(in);
          if (got == null) {
            problems.add("client closed before sending: " + firstLine(step.text()));
            return;
          }
          received.add(got);
          compare(step.text(), got, i);
        }
        case NOTE -> {
          if (step.summary().contains("half-closes")) {
            expectEof(in);
            return;
          }
        }
      }
    }
  }

  private boolean onlyFreeswitchLeft(int from) {
    return capture.steps.subList(from, capture.steps.size()).stream()
        .noneMatch(s -> s.side() == EslCapture.Side.CLIENT);
  }

  private void expectEof(InputStream in) throws IOException {
    try {
      int c = in.read();
      if (c >= 0) {
        problems.add("expected the application to close, got more bytes");
      }
    } catch (SocketTimeoutException e) {
      problems.add("the application did not close the socket");
    } catch (IOException e) {
      // reset by the application closing: fine
    }
  }

  private void compare(String expected, String got, int index) {
    String[] e = split(expected);
    String[] g = split(got);
    if (!firstLine(e[0]).equals(firstLine(g[0]))) {
      problems.add("expected \"" + firstLine(e[0]) + "\", got \"" + firstLine(g[0]) + "\"");
      return;
    }
    Map<String, String> gh = headers(g[0]);
    for (Map.Entry<String, String> h : headers(e[0]).entrySet()) {
      String name = h.getKey();
      String mine = gh.get(name.toLowerCase(java.util.Locale.ROOT));
      if (name.equalsIgnoreCase("Event-UUID")) {
        if (mine != null) {
          rename.put(h.getValue(), mine);
        }
      } else if (!h.getValue().equals(mine)) {
        problems.add(
            firstLine(e[0]) + ": header " + name + " expected " + h.getValue() + ", got " + mine);
      }
    }
    if (!e[1].equals(g[1])) {
      problems.add(firstLine(e[0]) + ": body differs");
    }
    String myJob = gh.get("job-uuid");
    if (myJob != null) {
      String theirs = nextMatch(JOB_UUID, index, null);
      if (theirs != null) {
        rename.put(theirs, myJob);
      }
    }
    String myApp = gh.get("event-uuid");
    String app = gh.get("execute-app-name");
    if (myApp != null && app != null && !headers(e[0]).containsKey("event-uuid")) {
      String theirs = nextMatch(APP_UUID, index, "Application=" + app);
      if (theirs != null) {
        rename.put(theirs, myApp);
      }
    }
  }

  /** The first match in FreeSWITCH's later messages (with this summary text, if given). */
  private String nextMatch(Pattern p, int from, String summary) {
    for (EslCapture.Step s : capture.steps.subList(from + 1, capture.steps.size())) {
      if (s.side() != EslCapture.Side.FREESWITCH) {
        continue;
      }
      if (summary != null
          && !(s.summary().contains("CHANNEL_EXECUTE_COMPLETE") && s.summary().contains(summary))) {
        continue;
      }
      Matcher m = p.matcher(s.text());
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private byte[] renamed(byte[] bytes) {
    if (rename.isEmpty()) {
      return bytes;
    }
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    for (Map.Entry<String, String> r : rename.entrySet()) {
      s = s.replace(r.getKey(), r.getValue());
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One command: lines up to a blank line, then Content-Length bytes; null at EOF. */
  static String readCommand(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return head.size() == 0 ? null : head.toString(StandardCharsets.UTF_8);
      }
      if (c == '\n' && prev == '\n') {
        break;
      }
      if (c == '\n' && head.size() == 0) {
        continue;
      }
      head.write(c);
      prev = c;
    }
    String h = head.toString(StandardCharsets.UTF_8).stripTrailing();
    String len = headers(h).get("content-length");
    StringBuilder sb = new StringBuilder(h).append("\n\n");
    if (len != null) {
      byte[] body = in.readNBytes(Integer.parseInt(len.strip()));
      sb.append(new String(body, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private static String[] split(String command) {
    int blank = command.indexOf("\n\n");
    if (blank < 0) {
      return new String[] {command.strip(), ""};
    }
    return new String[] {command.substring(0, blank), command.substring(blank + 2)};
  }

  private static String firstLine(String s) {
    int lf = s.indexOf('\n');
    return (lf < 0 ? s : s.substring(0, lf)).strip();
  }

  /** Header lines after the first line, names lower-cased. */
  private static Map<String, String> headers(String block) {
    Map<String, String> m = new LinkedHashMap<>();
    String[] lines = block.split("\n");
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        m.put(
            lines[i].substring(0, c).strip().toLowerCase(java.util.Locale.ROOT),
            lines[i].substring(c + 1).strip());
      }
    }
    return m;
  }
}
