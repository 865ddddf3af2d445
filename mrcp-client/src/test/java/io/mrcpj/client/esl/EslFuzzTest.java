package io.mrcpj.client.esl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Event Socket decoder and event parser on any bytes at all: only frames and frame errors come
 * out of the decoder, and parsing an event frame gives an event or {@link EslProtocolException},
 * nothing else. {@link #eslFrames} is fuzzed by Jazzer (scripts/fuzz.sh); {@link
 * #realCapturesAndTheirMutations} runs in every build on the FreeSWITCH captures.
 */
class EslFuzzTest {

  static void target(byte[] data, int cutSeed) {
    EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder(4096, 16 * 1024));
    List<Object> out = new ArrayList<>();
    try {
      int pos = 0;
      int seed = cutSeed;
      while (pos < data.length) {
        seed = seed * 1_103_515_245 + 12_345;
        int n = Math.min(data.length - pos, 1 + Math.floorMod(seed >>> 8, 2048));
        ch.writeInbound(Unpooled.wrappedBuffer(data, pos, n));
        pos += n;
        Object m;
        while ((m = ch.readInbound()) != null) {
          out.add(m);
        }
      }
    } finally {
      ch.finishAndReleaseAll();
    }
    for (Object m : out) {
      if (m instanceof EslMessage msg) {
        if (msg.contentType().startsWith("text/event-")) {
          try {
            EslEventParser.parse(msg);
          } catch (EslProtocolException e) {
            // a clear answer
          }
        }
      } else if (!(m instanceof EslFrameDecoder.Error)) {
        throw new AssertionError("decoder produced " + m.getClass());
      }
    }
  }

  @FuzzTest(maxDuration = "30m", maxExecutions = 1_000_000)
  void eslFrames(FuzzedDataProvider data) {
    int cuts = data.consumeInt();
    target(data.consumeRemainingAsBytes(), cuts);
  }

  @Test
  void realCapturesAndTheirMutations() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    Path dir = io.mrcpj.core.testing.Interop.root().resolve("freeswitch");
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".esl")).sorted().toList()) {
        seeds.add(Files.readAllBytes(p));
      }
    }
    assertThat(seeds).hasSizeGreaterThan(10);
    SplittableRandom r = new SplittableRandom(4733);
    int runs = 0;
    for (byte[] seed : seeds) {
      target(seed, runs++);
      for (int i = 0; i < 200; i++) {
        target(mutate(seed, r), runs++);
      }
    }
    assertThat(runs).isGreaterThan(2_000);
  }

  private static byte[] mutate(byte[] seed, SplittableRandom r) {
    byte[] b = seed.clone();
    for (int k = 1 + r.nextInt(4); k > 0 && b.length > 0; k--) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) "\n:0123456789 {}[]\"<>&%".charAt(r.nextInt(22));
        case 2 -> b = java.util.Arrays.copyOf(b, at);
        default -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(40));
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, at + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
      }
    }
    return b;
  }
}
