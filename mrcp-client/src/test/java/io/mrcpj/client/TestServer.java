package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mrcpj.core.media.WavFile;
import io.mrcpj.server.SpeechServer;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.testing.FreePorts;
import io.mrcpj.server.testing.SharedVosk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real speech server (SIP, MRCP, RTP, the real Vosk engine) on loopback ports, for the client's
 * end-to-end tests; and the spoken fixtures made by scripts/make-speech-fixtures.sh.
 */
final class TestServer implements AutoCloseable {

  static final Path SPEECH = Path.of("src/test/resources/speech");

  final SpeechServer server;
  final int sipPort;

  private TestServer(SpeechServer server, int sipPort) {
    this.server = server;
    this.sipPort = sipPort;
  }

  /** Starts a server with RTP ports {@code rtpMin}-{@code rtpMin + 200}. */
  static TestServer start(int rtpMin) throws Exception {
    return start(rtpMin, SharedVosk.get());
  }

  /** Starts a server on {@code engine} (not closed with the server). */
  static TestServer start(int rtpMin, io.mrcpj.asr.spi.RecognitionEngine engine) throws Exception {
    return start(rtpMin, engine, 50);
  }

  /** Starts a server on {@code engine} that takes at most {@code maxSessions} at once. */
  static TestServer start(int rtpMin, io.mrcpj.asr.spi.RecognitionEngine engine, int maxSessions)
      throws Exception {
    return start(rtpMin, engine, new LimitsConfig(maxSessions), null, null);
  }

  /**
   * Starts a server on {@code engine} with these limits, letting SIP requests from {@code sipAllow}
   * and MRCP connections from {@code mrcpAllow} in (null: everyone).
   */
  static TestServer start(
      int rtpMin,
      io.mrcpj.asr.spi.RecognitionEngine engine,
      LimitsConfig limits,
      java.util.List<String> sipAllow,
      java.util.List<String> mrcpAllow)
      throws Exception {
    // a port found free can be taken by another process before the server binds it: try another
    for (int attempt = 1; ; attempt++) {
      int sip = FreePorts.udpAndTcp();
      ServerConfig cfg =
          new ServerConfig(
              new SipConfig("127.0.0.1", sip, null, null, null, null, null, sipAllow),
              new MrcpConfig("127.0.0.1", 0, null, null, 1, mrcpAllow),
              new RtpConfig("127.0.0.1", rtpMin, rtpMin + 200),
              null,
              limits);
      SpeechServer s = new SpeechServer(cfg, engine, io.mrcpj.server.testing.SharedSynthesis.get());
      try {
        s.start();
        return new TestServer(s, sip);
      } catch (io.mrcpj.server.sip.SipStartException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** A client of this server over {@code transport}, offering {@code codecs}. */
  MrcpClient.Builder client() {
    return MrcpClient.builder().server("127.0.0.1", sipPort);
  }

  /** Waits until no session, channel, RTP port, engine stream or SIP call is left. */
  void assertNothingLeft() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(server.sessions()).as("sessions").isZero();
              assertThat(server.channelsOpen()).as("channels").isZero();
              assertThat(server.rtpPortsInUse()).as("RTP ports").isZero();
              assertThat(server.engineStreams()).as("engine streams").isZero();
              assertThat(server.sipCalls()).as("SIP calls").isZero();
            });
  }

  static AudioSource speech(String name) throws IOException {
    return AudioSource.wav(SPEECH.resolve(name + "-8k.wav"));
  }

  static short[] samples(String name) throws IOException {
    return WavFile.read(Files.readAllBytes(SPEECH.resolve(name + "-8k.wav"))).samples();
  }

  @Override
  public void close() {
    server.close();
  }
}
