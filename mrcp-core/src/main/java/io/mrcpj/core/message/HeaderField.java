package io.mrcpj.core.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed header: its name (with precomputed bytes) and how its value is read and written. The
 * constants live in {@link GenericHeaders}, {@link RecognizerHeaders}, {@link SynthesizerHeaders}
 * and {@link RecorderHeaders}; reading is lenient about case and surrounding white space, writing
 * is canonical.
 *
 * @param <T> the value's Java type
 */
public final class HeaderField<T> {

  /** Longest list a list-valued header may hold when read; protects against huge inputs. */
  public static final int MAX_LIST_ITEMS = 1024;

  private final String name;
  private final byte[] nameBytes;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;

  private HeaderField(String name, Function<String, T> parser, Function<T, String> formatter) {
    this.name = Token.checkToken(name, 256);
    this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    this.parser = parser;
    this.formatter = formatter;
  }

  /** A header with any text value. */
  public static HeaderField<String> text(String name) {
    return new HeaderField<>(name, String::trim, Function.identity());
  }

  /** A {@code true}/{@code false} header (case-insensitive when read). */
  public static HeaderField<Boolean> bool(String name) {
    return new HeaderField<>(
        name,
        v -> {
          String t = v.trim();
          if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
          }
          if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
          }
          throw new IllegalArgumentException("not true or false");
        },
        b -> b ? "true" : "false");
  }

  /** A non-negative whole number (timeouts in ms, lengths, counts): 0 to 2^63-1. */
  public static HeaderField<Long> number(String name) {
    return new HeaderField<>(
        name,
        v -> {
          String t = v.trim();
          if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a non-negative whole number");
          }
          return Long.parseLong(t);
        },
        String::valueOf);
  }

  /** A real number from 0.0 to 1.0 (Confidence-Threshold, Sensitivity-Level, ...). */
  public static HeaderField<Float> fraction(String name) {
    return new HeaderField<>(
        name,
        v -> {
          float f;
          try {
            f = Float.parseFloat(v.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
          }
          if (!(f >= 0f && f <= 1f)) {
            throw new IllegalArgumentException("not within 0.0-1.0");
          }
          return f;
        },
        HeaderField::formatFraction);
  }

  /** A comma-separated list of request-ids (Active-Request-Id-List, RFC 6787 6.2.2). */
  public static HeaderField<List<Long>> requestIdList(String name) {
    return new HeaderField<>(
        name,
        v -> {
          List<Long> out = new ArrayList<>();
          for (String part : v.split(",", -1)) {
            if (out.size() == MAX_LIST_ITEMS) {
              throw new IllegalArgumentException("more than " + MAX_LIST_ITEMS + " ids");
            }
            out.add(MrcpMessage.parseRequestId(part.trim()));
          }
          return Collections.unmodifiableList(out);
        },
        ids -> String.join(",", ids.stream().map(String::valueOf).toList()));
  }

  /** {@code name=value} pairs separated by {@code ;} (Vendor-Specific-Parameters, 6.2.16). */
  public static HeaderField<Map<String, String>> parameters(String name) {
    return new HeaderField<>(
        name,
        v -> {
          Map<String, String> out = new LinkedHashMap<>();
          for (String part : v.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
              continue;
            }
            if (out.size() == MAX_LIST_ITEMS) {
              throw new IllegalArgumentException("more than " + MAX_LIST_ITEMS + " parameters");
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("'" + p + "' is not name=value");
            }
            out.put(p.substring(0, eq).trim(), unquote(p.substring(eq + 1).trim()));
          }
          return Collections.unmodifiableMap(out);
        },
        m ->
            String.join(
                ";", m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
  }

  /** Comma-separated text items (Load-Lexicon order, Accept, ...). */
  public static HeaderField<List<String>> textList(String name) {
    return new HeaderField<>(
        name,
        v -> {
          String[] parts = v.split(",");
          if (parts.length > MAX_LIST_ITEMS) {
            throw new IllegalArgumentException("more than " + MAX_LIST_ITEMS + " items");
          }
          List<String> out = new ArrayList<>(parts.length);
          for (String p : parts) {
            if (!p.isBlank()) {
              out.add(p.trim());
            }
          }
          return Collections.unmodifiableList(out);
        },
        l -> String.join(",", l));
  }

  /** A Channel-Identifier. */
  public static HeaderField<ChannelId> channelId(String name) {
    return new HeaderField<>(name, ChannelId::parse, ChannelId::toString);
  }

  /** A header whose values are words from a fixed set (Recognition-Mode, Voice-Gender...). */
  public static HeaderField<String> oneOf(String name, String... allowed) {
    List<String> words = List.of(allowed);
    return new HeaderField<>(
        name,
        v -> {
          String t = v.trim().toLowerCase(Locale.ROOT);
          if (!words.contains(t)) {
            throw new IllegalArgumentException("not one of " + words);
          }
          return t;
        },
        Function.identity());
  }

  /** A header read and written by the given functions. */
  public static <T> HeaderField<T> of(
      String name, Function<String, T> parser, Function<T, String> formatter) {
    return new HeaderField<>(name, parser, formatter);
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static String formatFraction(float f) {
    String s = Float.toString(f);
    return s.contains("E") ? String.format(Locale.ROOT, "%.6f", f) : s;
  }

  public String name() {
    return name;
  }

  /** Writes the name's precomputed ASCII bytes. */
  public void writeName(io.netty.buffer.ByteBuf out) {
    out.writeBytes(nameBytes);
  }

  /**
   * Reads a value.
   *
   * @throws HeaderValueException naming this header when the value does not fit
   */
  public T parse(String value) {
    Objects.requireNonNull(value, "value");
    try {
      T t = parser.apply(value);
      if (t == null) {
        throw new HeaderValueException(name, value, "no value");
      }
      return t;
    } catch (HeaderValueException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new HeaderValueException(name, value, e.getMessage());
    }
  }

  /** Writes a value in canonical form. */
  public String format(T value) {
    return formatter.apply(Objects.requireNonNull(value, "value"));
  }

  @Override
  public String toString() {
    return name;
  }
}
