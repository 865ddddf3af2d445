package io.mrcpj.core.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the UDP payloads out of the pcapng captures in shared/interop. */
public final class Pcap {

  private Pcap() {}

  /**
   * UDP payloads from source port {@code srcPort} in a little-endian pcapng file with Ethernet link
   * type (enough for the captures in shared/interop; not a general pcapng reader).
   */
  public static List<byte[]> udpPayloads(byte[] file, int srcPort) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos + 12 <= file.length) {
      int type = b.getInt(pos);
      int length = b.getInt(pos + 4);
      if (length < 12) {
        break;
      }
      if (type == 6) { // Enhanced Packet Block
        int captured = b.getInt(pos + 20);
        int ip = pos + 28 + 14; // after the Ethernet header
        if ((file[ip] >> 4 & 0xF) == 4 && file[ip + 9] == 17) {
          int udp = ip + (file[ip] & 0xF) * 4;
          int sport = (file[udp] & 0xFF) << 8 | (file[udp + 1] & 0xFF);
          if (sport == srcPort) {
            out.add(Arrays.copyOfRange(file, udp + 8, pos + 28 + captured));
          }
        }
      }
      pos += length;
    }
    return out;
  }
}
