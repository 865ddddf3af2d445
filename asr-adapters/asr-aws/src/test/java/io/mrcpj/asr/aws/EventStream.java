package io.mrcpj.asr.aws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The test side's own codec of the {@code application/vnd.amazon.eventstream} framing, written from
 * the published description of the format: each message is a 12-byte prelude (total length, headers
 * length, both big-endian unsigned 32-bit, then the CRC32 of those 8 bytes), the headers, the
 * payload, and the CRC32 of everything before it. A header is a 1-byte name length, the name
 * (UTF-8), a 1-byte value type and the value: 0 true and 1 false (no value), 2 byte, 3 short, 4
 * int, 5 long, 6 bytes and 7 string (each with a 2-byte length), 8 timestamp (milliseconds, 8
 * bytes), 9 UUID (16 bytes).
 */
final class EventStream {

  static final int PRELUDE = 12;
  static final int MAX_MESSAGE = 16 * 1024 * 1024;

  private EventStream() {}

  /** One message: its headers in order (String, byte[], Boolean, numbers, UUID) and payload. */
  record Message(Map<String, Object> headers, byte[] payload) {

    String string(String name) {
      Object v = headers.get(name);
      return v instanceof String s ? s : null;
    }
  }

  /** A message whose headers are all strings, as the service writes them. */
  static byte[] encode(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7);
      h.write(value.length >> 8);
      h.write(value.length);
      h.writeBytes(value);
    }
    byte[] hb = h.toByteArray();
    int total = PRELUDE + hb.length + payload.length + 4;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total).putInt(hb.length);
    out.putInt((int) crc(out.array(), 0, 8));
    out.put(hb).put(payload);
    out.putInt((int) crc(out.array(), 0, total - 4));
    return out.array();
  }

  /** An event message of the service: {@code :message-type event}. */
  static byte[] event(String eventType, String contentType, byte[] payload) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":message-type", "event");
    h.put(":event-type", eventType);
    h.put(":content-type", contentType);
    return encode(h, payload);
  }

  /** An exception message of the service: {@code :message-type exception}, JSON body. */
  static byte[] exception(String exceptionType, String message) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":message-type", "exception");
    h.put(":exception-type", exceptionType);
    h.put(":content-type", "application/json");
    String json = "{\"Message\":\"" + message.replace("\"", "\\\"") + "\"}";
    return encode(h, json.getBytes(StandardCharsets.UTF_8));
  }

  static long crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return c.getValue();
  }

  /** Splits a byte stream into messages, checking both checksums; keeps a partial message. */
  static final class Decoder {

    private byte[] buf = new byte[0];

    /** Adds bytes and returns the messages they complete. */
    List<Message> feed(byte[] bytes) {
      byte[] joined = new byte[buf.length + bytes.length];
      System.arraycopy(buf, 0, joined, 0, buf.length);
      System.arraycopy(bytes, 0, joined, buf.length, bytes.length);
      List<Message> out = new ArrayList<>();
      int pos = 0;
      while (joined.length - pos >= PRELUDE) {
        ByteBuffer b = ByteBuffer.wrap(joined, pos, joined.length - pos);
        long total = Integer.toUnsignedLong(b.getInt(pos));
        long headersLength = Integer.toUnsignedLong(b.getInt(pos + 4));
        long preludeCrc = Integer.toUnsignedLong(b.getInt(pos + 8));
        if (crc(joined, pos, 8) != preludeCrc) {
          throw new IllegalStateException("prelude CRC mismatch");
        }
        if (total < PRELUDE + 4 || total > MAX_MESSAGE || headersLength > total - PRELUDE - 4) {
          throw new IllegalStateException("bad lengths: " + total + "/" + headersLength);
        }
        if (joined.length - pos < total) {
          break;
        }
        int end = pos + (int) total;
        long messageCrc = Integer.toUnsignedLong(b.getInt(end - 4));
        if (crc(joined, pos, (int) total - 4) != messageCrc) {
          throw new IllegalStateException("message CRC mismatch");
        }
        int hStart = pos + PRELUDE;
        int pStart = hStart + (int) headersLength;
        Map<String, Object> headers = headers(joined, hStart, pStart);
        byte[] payload = new byte[end - 4 - pStart];
        System.arraycopy(joined, pStart, payload, 0, payload.length);
        out.add(new Message(headers, payload));
        pos = end;
      }
      buf = new byte[joined.length - pos];
      System.arraycopy(joined, pos, buf, 0, buf.length);
      return out;
    }

    /** Bytes held that are not yet a whole message. */
    int pending() {
      return buf.length;
    }

    private static Map<String, Object> headers(byte[] b, int from, int to) {
      Map<String, Object> out = new LinkedHashMap<>();
      ByteBuffer in = ByteBuffer.wrap(b, from, to - from);
      while (in.position() < to) {
        byte[] name = new byte[in.get() & 0xff];
        in.get(name);
        int type = in.get();
        Object value =
            switch (type) {
              case 0 -> Boolean.TRUE;
              case 1 -> Boolean.FALSE;
              case 2 -> (long) in.get();
              case 3 -> (long) in.getShort();
              case 4 -> (long) in.getInt();
              case 5, 8 -> in.getLong();
              case 6 -> {
                byte[] v = new byte[in.getShort() & 0xffff];
                in.get(v);
                yield v;
              }
              case 7 -> {
                byte[] v = new byte[in.getShort() & 0xffff];
                in.get(v);
                yield new String(v, StandardCharsets.UTF_8);
              }
              case 9 -> new UUID(in.getLong(), in.getLong());
              default -> throw new IllegalStateException("header value type " + type);
            };
        out.put(new String(name, StandardCharsets.UTF_8), value);
      }
      return out;
    }
  }
}
