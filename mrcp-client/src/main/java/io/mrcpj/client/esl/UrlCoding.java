package io.mrcpj.client.esl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * FreeSWITCH's URL encoding of header values: {@code %XX} escapes of UTF-8 bytes. Unlike HTML form
 * decoding, a '+' stays a '+' (FreeSWITCH writes a plus as %2B and a space as %20). A '%' not
 * followed by two hex digits is kept as it is.
 */
final class UrlCoding {

  private UrlCoding() {}

  static String decode(String s) {
    int first = s.indexOf('%');
    if (first < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '%' && i + 2 < in.length) {
        int hi = Character.digit(in[i + 1], 16);
        int lo = Character.digit(in[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      out.write(c);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
