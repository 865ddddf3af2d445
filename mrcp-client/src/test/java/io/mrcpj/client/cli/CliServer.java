package io.mrcpj.client.cli;

import io.mrcpj.server.SpeechServer;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.SharedVosk;
import java.util.function.UnaryOperator;

/** The real server on loopback for the command-line tests, and the address to give them. */
record CliServer(SpeechServer server, String address) implements AutoCloseable {

  /**
   * A server with RTP ports {@code rtpMin}-{@code rtpMin + 100}, its settings edited by {@code
   * edit}.
   */
  static CliServer start(int rtpMin, UnaryOperator<ServerConfig> edit) throws Exception {
    int sip = FreePorts.udpAndTcp();
    ServerConfig cfg =
        new ServerConfig(
            new SipConfig("127.0.0.1", sip, null, null, null, null),
            new MrcpConfig("127.0.0.1", 0, null, null, 1),
            new RtpConfig("127.0.0.1", rtpMin, rtpMin + 100),
            null,
            null);
    SpeechServer s = new SpeechServer(edit.apply(cfg), SharedVosk.get());
    s.start();
    return new CliServer(s, "127.0.0.1:" + sip);
  }

  @Override
  public void close() {
    server.close();
  }
}
