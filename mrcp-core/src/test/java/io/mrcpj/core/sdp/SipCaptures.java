package io.mrcpj.core.sdp;

import io.mrcpj.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SDP bodies of the real SIP captures in shared/interop. */
final class SipCaptures {

  private SipCaptures() {}

  /** Every capture file of both peers. */
  static List<Path> all() {
    List<Path> out = new ArrayList<>(Interop.list("unimrcp", "*.sip"));
    out.addAll(Interop.list("mod_unimrcp", "*.sip"));
    return out;
  }

  /** The body after the blank line that ends the SIP headers (empty when there is none). */
  static byte[] body(byte[] sip) {
    for (int i = 0; i + 1 < sip.length; i++) {
      if (sip[i] == '\n' && sip[i + 1] == '\n') {
        return Arrays.copyOfRange(sip, i + 2, sip.length);
      }
      if (i + 3 < sip.length
          && sip[i] == '\r'
          && sip[i + 1] == '\n'
          && sip[i + 2] == '\r'
          && sip[i + 3] == '\n') {
        return Arrays.copyOfRange(sip, i + 4, sip.length);
      }
    }
    return new byte[0];
  }

  static byte[] body(String relative) {
    return body(Interop.bytes(relative));
  }

  static String bodyText(String relative) {
    return new String(body(relative), StandardCharsets.UTF_8);
  }

  static SessionDescription parse(String relative) throws SdpParseException {
    return new SdpParser().parse(body(relative));
  }
}
