package io.mrcpj.client.esl;

import io.mrcpj.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real FreeSWITCH Event Socket capture from {@code shared/interop/freeswitch}: the exact bytes
 * each side wrote ({@code NAME.c2s.esl}, {@code NAME.s2c.esl}) cut into messages and put in wire
 * order by the transcript's markers ({@code NAME.txt}).
 */
public final class EslCapture {

  /** Who wrote a step. */
  public enum Side {
    /** The ESL library side: the inbound client, or in outbound mode the application. */
    CLIENT,
    /** FreeSWITCH. */
    FREESWITCH,
    /** A note of the capture tool ("!!!" line), no bytes. */
    NOTE
  }

  /** One message (or note) of the capture. */
  public record Step(Side side, byte[] bytes, String summary) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final Pattern MARKER =
      Pattern.compile("^(>>>|<<<) \\S+ t=\\S+ (c2s|s2c)@(\\d+)\\+(\\d+) \\| ?(.*)$");
  private static final Pattern NOTE = Pattern.compile("^!!! t=\\S+ (.*)$");

  public final String name;
  public final List<Step> steps;
  public final byte[] s2c;
  public final byte[] c2s;

  private EslCapture(String name, List<Step> steps, byte[] s2c, byte[] c2s) {
    this.name = name;
    this.steps = steps;
    this.s2c = s2c;
    this.c2s = c2s;
  }

  public static EslCapture load(String name) {
    byte[] c2s = Interop.bytes("freeswitch/" + name + ".c2s.esl");
    byte[] s2c = Interop.bytes("freeswitch/" + name + ".s2c.esl");
    String txt = new String(Interop.bytes("freeswitch/" + name + ".txt"), StandardCharsets.UTF_8);
    List<Step> steps = new ArrayList<>();
    for (String line : txt.split("\n")) {
      if (line.startsWith("# ---- Appendix")) {
        break;
      }
      Matcher m = MARKER.matcher(line);
      if (m.matches()) {
        boolean fromClient = m.group(2).equals("c2s");
        int off = Integer.parseInt(m.group(3));
        int len = Integer.parseInt(m.group(4));
        byte[] src = fromClient ? c2s : s2c;
        steps.add(
            new Step(
                fromClient ? Side.CLIENT : Side.FREESWITCH,
                Arrays.copyOfRange(src, off, off + len),
                m.group(5)));
        continue;
      }
      Matcher n = NOTE.matcher(line);
      if (n.matches()) {
        steps.add(new Step(Side.NOTE, new byte[0], n.group(1)));
      }
    }
    return new EslCapture(name, List.copyOf(steps), s2c, c2s);
  }

  /** FreeSWITCH's messages in order. */
  public List<Step> fromFreeswitch() {
    return steps.stream().filter(s -> s.side() == Side.FREESWITCH).toList();
  }

  /** The client's (or application's) commands in order. */
  public List<Step> fromClient() {
    return steps.stream().filter(s -> s.side() == Side.CLIENT).toList();
  }

  /** The first FreeSWITCH message whose summary contains all of these words. */
  public Step find(String... words) {
    return fromFreeswitch().stream()
        .filter(s -> Arrays.stream(words).allMatch(w -> s.summary().contains(w)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + ": no message with " + List.of(words)));
  }

  /** The body of a message: what follows its header block's blank line. */
  public static byte[] body(Step s) {
    byte[] b = s.bytes();
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == '\n' && b[i + 1] == '\n') {
        return Arrays.copyOfRange(b, i + 2, b.length);
      }
    }
    return new byte[0];
  }
}
