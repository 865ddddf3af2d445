package io.mrcpj.core.sdp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Writes a {@link SessionDescription} strictly: CRLF line ends, no trailing whitespace, and the
 * line order of RFC 4566 section 5 ({@code v o s i u e p c b t r z k a}, then per media {@code m i
 * c b k a}). Kept {@link SdpLine}s go to their RFC position; lines of unknown type go after the
 * attributes. The model's builders already rejected line breaks inside values, so every field is
 * one line.
 */
public final class SdpWriter {

  private static final String CRLF = "\r\n";

  private SdpWriter() {}

  public static String write(SessionDescription s) {
    StringBuilder out = new StringBuilder(512);
    line(out, 'v', Integer.toString(SessionDescription.VERSION));
    line(out, 'o', s.origin().toString());
    line(out, 's', s.sessionName());
    List<SdpLine> other = s.otherLines();
    ToIntFunction<SdpLine> rank = SdpWriter::sessionRank;
    other(out, other, rank, 0);
    s.connection().ifPresent(c -> line(out, 'c', c.toString()));
    s.bandwidths().forEach(b -> line(out, 'b', b));
    line(out, 't', s.timing());
    other(out, other, rank, 1);
    other(out, other, rank, 2);
    s.attributes().forEach(a -> line(out, 'a', a.toString()));
    other(out, other, rank, 3);
    for (MediaDescription m : s.media()) {
      media(out, m);
    }
    return out.toString();
  }

  /** {@link #write} encoded as UTF-8, ready for a SIP body. */
  public static byte[] toBytes(SessionDescription s) {
    return write(s).getBytes(StandardCharsets.UTF_8);
  }

  private static void media(StringBuilder out, MediaDescription m) {
    StringBuilder ml = new StringBuilder().append(m.media()).append(' ').append(m.port());
    if (m.portCount() != 1) {
      ml.append('/').append(m.portCount());
    }
    ml.append(' ').append(m.proto());
    m.formats().forEach(f -> ml.append(' ').append(f));
    line(out, 'm', ml.toString());
    List<SdpLine> other = m.otherLines();
    ToIntFunction<SdpLine> rank = SdpWriter::mediaRank;
    other(out, other, rank, 0);
    m.connection().ifPresent(c -> line(out, 'c', c.toString()));
    m.bandwidths().forEach(b -> line(out, 'b', b));
    other(out, other, rank, 2);
    m.attributes().forEach(a -> line(out, 'a', a.toString()));
    other(out, other, rank, 3);
  }

  /** 0: before c= (i u e p); 1: after t= (t r z); 2: before a= (k); 3: after a= (unknown). */
  private static int sessionRank(SdpLine l) {
    return switch (l.type()) {
      case 'i', 'u', 'e', 'p', 's' -> 0;
      case 't', 'r', 'z' -> 1;
      case 'k' -> 2;
      default -> 3;
    };
  }

  private static int mediaRank(SdpLine l) {
    return switch (l.type()) {
      case 'i' -> 0;
      case 'k' -> 2;
      default -> 3;
    };
  }

  private static void other(
      StringBuilder out, List<SdpLine> lines, ToIntFunction<SdpLine> rankOf, int rank) {
    // filtering keeps the received order within one rank
    for (SdpLine l : lines) {
      if (rankOf.applyAsInt(l) == rank) {
        line(out, l.type(), l.value());
      }
    }
  }

  private static void line(StringBuilder out, char type, String value) {
    out.append(type).append('=').append(value.stripTrailing()).append(CRLF);
  }
}
