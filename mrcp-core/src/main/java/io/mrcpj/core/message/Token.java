package io.mrcpj.core.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Base of the extensible name constants ({@link MrcpMethod}, {@link MrcpEventName}, {@link
 * MrcpResource}): a name with its wire bytes computed once. Names compare exactly, as RFC 6787
 * makes method and event names case-sensitive tokens.
 */
abstract class Token {

  private final String name;
  private final byte[] bytes;

  Token(String name) {
    this.name = checkToken(name);
    this.bytes = name.getBytes(StandardCharsets.US_ASCII);
  }

  static String checkToken(String name) {
    return checkToken(name, 64);
  }

  static String checkToken(String name, int maxLength) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > maxLength) {
      throw new IllegalArgumentException(
          "a token has 1 to " + maxLength + " characters: '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 127) {
        throw new IllegalArgumentException("not a token character in '" + name + "'");
      }
    }
    return name;
  }

  public final String name() {
    return name;
  }

  /** The name's ASCII bytes; a copy, the original stays with the constant. */
  public final byte[] bytes() {
    return bytes.clone();
  }

  /** Writes the name's precomputed bytes. */
  public final void writeTo(io.netty.buffer.ByteBuf out) {
    out.writeBytes(bytes);
  }

  /** The name's length in octets. */
  public final int byteLength() {
    return bytes.length;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((Token) o).name.equals(name);
  }

  @Override
  public final int hashCode() {
    return name.hashCode();
  }

  @Override
  public final String toString() {
    return name;
  }
}
