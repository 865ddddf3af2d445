package io.mrcpj.asr.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.aws.EventStream.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test codec the stand-in server relies on: framing, checksums, any split of the bytes. */
class EventStreamTest {

  @Test
  void encodesThePreludeAsPublished() {
    byte[] m = EventStream.event("TranscriptEvent", "application/json", "{}".getBytes());
    int total =
        ((m[0] & 0xff) << 24) | ((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff);
    assertThat(total).isEqualTo(m.length);
    int headers =
        ((m[4] & 0xff) << 24) | ((m[5] & 0xff) << 16) | ((m[6] & 0xff) << 8) | (m[7] & 0xff);
    // :message-type=event, :event-type=TranscriptEvent, :content-type=application/json
    assertThat(headers).isEqualTo((1 + 13 + 3 + 5) + (1 + 11 + 3 + 15) + (1 + 13 + 3 + 16));
    assertThat(total).isEqualTo(12 + headers + 2 + 4);
  }

  @Test
  void decodesWhateverTheSplit() {
    byte[] a = EventStream.event("TranscriptEvent", "application/json", "{\"a\":1}".getBytes());
    byte[] b = EventStream.exception("BadRequestException", "no");
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    for (int cut = 0; cut <= both.length; cut++) {
      EventStream.Decoder d = new EventStream.Decoder();
      List<Message> out = new ArrayList<>(d.feed(Arrays.copyOfRange(both, 0, cut)));
      out.addAll(d.feed(Arrays.copyOfRange(both, cut, both.length)));
      assertThat(out).hasSize(2);
      assertThat(out.get(0).string(":event-type")).isEqualTo("TranscriptEvent");
      assertThat(new String(out.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
      assertThat(out.get(1).string(":message-type")).isEqualTo("exception");
      assertThat(out.get(1).string(":exception-type")).isEqualTo("BadRequestException");
      assertThat(d.pending()).isZero();
    }
  }

  @Test
  void rejectsABadChecksum() {
    byte[] m = EventStream.event("AudioEvent", "application/octet-stream", new byte[] {1, 2});
    m[m.length - 6] ^= 1;
    assertThatThrownBy(() -> new EventStream.Decoder().feed(m)).hasMessageContaining("message CRC");
    byte[] n = EventStream.event("AudioEvent", "application/octet-stream", new byte[] {1, 2});
    n[2] ^= 1;
    assertThatThrownBy(() -> new EventStream.Decoder().feed(n)).hasMessageContaining("prelude CRC");
  }
}
