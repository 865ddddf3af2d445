package io.mrcpj.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpParser;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.core.testing.Interop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control listener on a real loopback socket, fed the bytes UniMRCP's client sent. */
class MrcpControlServerIT {

  private MrcpControlServer server;
  private InetSocketAddress address;
  private final ChannelId known = ChannelId.parse("abc123@speechrecog");

  @BeforeEach
  void start() throws Exception {
    // One known channel that answers every request 200 COMPLETE, to show routing works.
    ChannelRegistry registry =
        id ->
            id.equals(known)
                ? Optional.of(
                    (request, conn) ->
                        conn.send(
                            MrcpResponse.to(request, StatusCode.SUCCESS, RequestState.COMPLETE)
                                .build()))
                : Optional.empty();
    server = new MrcpControlServer("127.0.0.1", 0, MrcpDecoderConfig.DEFAULT, registry, 1);
    address = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void requestsForUnknownChannelsGet405WithTheirRequestIdAndChannel() throws Exception {
    byte[] capture = Interop.bytes("unimrcp/recog-mrcp-stream0-client-to-server.bin");
    try (Socket s = connect()) {
      s.getOutputStream().write(capture);
      List<MrcpResponse> answers = read(s, 2);
      assertThat(answers).extracting(MrcpMessage::requestId).containsExactly(1L, 2L);
      assertThat(answers)
          .allSatisfy(
              r -> {
                assertThat(r.status()).isEqualTo(StatusCode.RESOURCE_NOT_ALLOCATED);
                assertThat(r.state()).isEqualTo(RequestState.COMPLETE);
                assertThat(r.channelId()).contains(ChannelId.parse("9f3641c4fbb94579@speechrecog"));
              });
    }
  }

  @Test
  void aKnownChannelIsRoutedAndBadRequestsAreAnsweredInOrder() throws Exception {
    String ch = "Channel-Identifier: abc123@speechrecog\r\n";
    try (Socket s = connect()) {
      write(s, msg("GET-PARAMS 1", ch));
      write(s, msg("GET-PARAMS 2", "")); // no Channel-Identifier
      write(s, msg("GET-PARAMS 3", "Channel-Identifier: nonsense\r\n"));
      write(s, msg("GET-PARAMS 4", ch + "this line has no colon\r\n"));
      write(s, msg("GET-PARAMS 5", ch));
      List<MrcpResponse> r = read(s, 5);
      assertThat(r).extracting(MrcpMessage::requestId).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(r).extracting(x -> x.status().code()).containsExactly(200, 406, 404, 408, 200);
      assertThat(r.get(3).channelId()).contains(known);
    }
  }

  @Test
  void garbageClosesOnlyThatConnection() throws Exception {
    try (Socket good = connect();
        Socket bad = connect()) {
      bad.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      bad.setSoTimeout(5000);
      assertThat(bad.getInputStream().read()).isEqualTo(-1); // closed by the server
      write(good, msg("GET-PARAMS 9", "Channel-Identifier: abc123@speechrecog\r\n"));
      assertThat(read(good, 1).get(0).status()).isEqualTo(StatusCode.SUCCESS);
    }
  }

  @Test
  void closeReleasesThePort() throws Exception {
    server.close();
    try (ServerSocket again = new ServerSocket()) {
      again.bind(address);
      assertThat(again.isBound()).isTrue();
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(address.getAddress(), address.getPort());
    s.setSoTimeout(5000);
    return s;
  }

  private static void write(Socket s, byte[] b) throws IOException {
    s.getOutputStream().write(b);
  }

  static byte[] msg(String tail, String headers) {
    String rest = " " + tail + "\r\n" + headers + "\r\n";
    int others = "MRCP/2.0 ".length() + rest.getBytes(StandardCharsets.US_ASCII).length;
    int len = others + 1;
    while (String.valueOf(len).length() + others != len) {
      len++;
    }
    return ("MRCP/2.0 " + len + rest).getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads until n complete messages have arrived. */
  private static List<MrcpResponse> read(Socket s, int n) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    while (true) {
      try {
        List<Object> msgs = MrcpParser.parseAll(buf.toByteArray(), MrcpDecoderConfig.DEFAULT);
        if (msgs.size() >= n) {
          List<MrcpResponse> out = new ArrayList<>();
          msgs.forEach(m -> out.add((MrcpResponse) m));
          return out;
        }
      } catch (RuntimeException incomplete) {
        // keep reading
      }
      int r = in.read(chunk);
      if (r < 0) {
        throw new IOException("closed after " + buf.size() + " bytes");
      }
      buf.write(chunk, 0, r);
    }
  }
}
