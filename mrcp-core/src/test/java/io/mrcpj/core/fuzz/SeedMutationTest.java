package io.mrcpj.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.testing.Interop;
import io.mrcpj.core.testing.Pcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A short fuzz run in every build: the fuzz targets on the real captures of ../shared/interop and
 * on thousands of deterministic mutations of them (bytes flipped, inserted, deleted, cut, chunks
 * repeated, spliced with another seed). The long, coverage-guided runs are Jazzer's ({@link
 * WireFuzzTest}, scripts/fuzz.sh).
 */
class SeedMutationTest {

  private static final int MUTATIONS_PER_SEED = 1_500;

  static List<byte[]> seeds(String folder, String glob) throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (Path p : Interop.list(folder, glob)) {
      out.add(Files.readAllBytes(p));
    }
    assertThat(out).as("seeds in " + folder + "/" + glob).isNotEmpty();
    return out;
  }

  /** The SIP captures' bodies: from the blank line after the headers. */
  static List<byte[]> sdpSeeds() throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (String folder : List.of("unimrcp", "mod_unimrcp")) {
      for (byte[] sip : seeds(folder, "*.sip")) {
        String s = new String(sip, StandardCharsets.ISO_8859_1);
        int body = s.indexOf("\r\n\r\n");
        if (body > 0 && body + 4 < s.length()) {
          out.add(s.substring(body + 4).getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  /** The NLSML and grammar bodies inside the captured MRCP streams. */
  static List<byte[]> xmlSeeds() throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (String folder : List.of("unimrcp", "mod_unimrcp")) {
      for (byte[] stream : seeds(folder, "*.bin")) {
        String s = new String(stream, StandardCharsets.ISO_8859_1);
        int at = 0;
        while ((at = s.indexOf("<?xml", at)) >= 0) {
          int next = s.indexOf("MRCP/2.0", at);
          out.add(s.substring(at, next < 0 ? s.length() : next).getBytes(StandardCharsets.UTF_8));
          at += 5;
        }
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  static void run(List<byte[]> seeds, Consumer<byte[]> target) {
    SplittableRandom random = new SplittableRandom(6787);
    for (byte[] seed : seeds) {
      target.accept(seed);
      for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
        target.accept(mutate(seed, seeds.get(random.nextInt(seeds.size())), random));
      }
    }
  }

  static byte[] mutate(byte[] seed, byte[] other, SplittableRandom r) {
    byte[] b = seed.clone();
    int rounds = 1 + r.nextInt(4);
    for (int k = 0; k < rounds && b.length > 0; k++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
        case 2 -> b = splice(b, at, new byte[] {INTERESTING[r.nextInt(INTERESTING.length)]}, 0);
        case 3 -> b = splice(b, at, new byte[0], Math.min(b.length - at, 1 + r.nextInt(16)));
        case 4 -> b = java.util.Arrays.copyOf(b, at);
        case 5 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(64));
          byte[] chunk = java.util.Arrays.copyOfRange(b, at, at + len);
          b = splice(b, at, repeat(chunk, 1 + r.nextInt(8)), 0);
        }
        default -> {
          int from = other.length == 0 ? 0 : r.nextInt(other.length);
          b =
              splice(
                  java.util.Arrays.copyOf(b, at),
                  at,
                  java.util.Arrays.copyOfRange(other, from, other.length),
                  0);
        }
      }
    }
    return b;
  }

  private static final byte[] INTERESTING = {
    0,
    '\r',
    '\n',
    ' ',
    ':',
    ';',
    '=',
    '<',
    '>',
    '/',
    '"',
    '&',
    '-',
    '0',
    '9',
    (byte) 0x7f,
    (byte) 0x80,
    (byte) 0xff,
    '{',
    '}',
    '[',
    ']',
    '|',
    '*',
    '+',
    '$',
    '#'
  };

  private static byte[] splice(byte[] b, int at, byte[] insert, int remove) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }

  private static byte[] repeat(byte[] chunk, int times) {
    byte[] out = new byte[chunk.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(chunk, 0, out, i * chunk.length, chunk.length);
    }
    return out;
  }

  @Test
  void mrcpStreams() throws Exception {
    List<byte[]> seeds = new ArrayList<>(seeds("unimrcp", "*.bin"));
    seeds.addAll(seeds("mod_unimrcp", "*.bin"));
    int[] n = {0};
    run(seeds, b -> FuzzTargets.mrcp(b, n[0]++));
  }

  @Test
  void sdpBodies() throws Exception {
    run(sdpSeeds(), FuzzTargets::sdp);
  }

  @Test
  void nlsmlAndXmlGrammars() throws Exception {
    List<byte[]> seeds = xmlSeeds();
    run(seeds, FuzzTargets::nlsml);
    run(seeds, FuzzTargets::srgsXml);
  }

  @Test
  void abnfGrammars() throws Exception {
    List<byte[]> seeds =
        List.of(
            ("#ABNF 1.0 UTF-8;\nlanguage en-US;\nmode voice;\nroot $yesno;\n"
                    + "public $yesno = yes {out=\"yes\"} | no {out=\"no\"} | [please] $digit <1-3>;\n"
                    + "$digit = one | two | three | (four five) /0.5/ six;\n")
                .getBytes(StandardCharsets.UTF_8),
            "#ABNF 1.0;\nroot $r;\n$r = $NULL | $VOID | $GARBAGE | <http://x/y.gram#z>;\n"
                .getBytes(StandardCharsets.UTF_8));
    run(seeds, b -> FuzzTargets.srgsAbnf(new String(b, StandardCharsets.UTF_8)));
  }

  @Test
  void rtpPackets() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (String cap : List.of("unimrcp/recog.pcapng", "mod_unimrcp/fs-mrcp-recog.pcapng")) {
      List<byte[]> packets = Pcap.udpPayloads(Interop.bytes(cap), 4000);
      // every 25th datagram: RTP in the codecs and events the captures hold
      for (int i = 0; i < packets.size(); i += 25) {
        seeds.add(packets.get(i));
      }
    }
    assertThat(seeds).isNotEmpty();
    run(seeds, FuzzTargets::rtp);
  }
}
