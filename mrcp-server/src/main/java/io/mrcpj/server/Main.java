package io.mrcpj.server;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.server.config.ConfigLoader;
import io.mrcpj.server.config.EngineConfig;
import io.mrcpj.server.config.MrcpConfig;
import io.mrcpj.server.config.RtpConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.engine.EngineLoader;
import io.mrcpj.server.sip.SipStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line entry point of the speech server. Exit codes: 0 after a clean stop, 2 for a bad
 * command line or configuration, 1 when the server cannot start (a port in use, say).
 */
@Command(
    name = "mrcp-server",
    mixinStandardHelpOptions = true,
    version = "mrcp-server 0.1.0-SNAPSHOT",
    description = {
      "MRCPv2 speech server (RFC 6787).",
      "SIP (UDP, TCP) sets up sessions; MRCPv2 on TCP; RTP audio to the recognizer (Vosk by default)."
    })
public final class Main implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration file")
  private Path config;

  @Option(
      names = "--sip-host",
      paramLabel = "ADDR",
      description = "SIP listen address (default 127.0.0.1)")
  private String sipHost;

  @Option(names = "--sip-port", paramLabel = "PORT", description = "SIP port (default 8060)")
  private Integer sipPort;

  @Option(
      names = "--mrcp-host",
      paramLabel = "ADDR",
      description = "MRCP listen address (default 127.0.0.1)")
  private String mrcpHost;

  @Option(names = "--mrcp-port", paramLabel = "PORT", description = "MRCP TCP port (default 1544)")
  private Integer mrcpPort;

  @Option(
      names = "--rtp-host",
      paramLabel = "ADDR",
      description = "RTP address, also put in SDP answers (default 127.0.0.1)")
  private String rtpHost;

  @Option(
      names = "--engine",
      paramLabel = "NAME",
      description =
          "default recognition engine: vosk; demo (no recognition: an energy detector and a"
              + " configured result, for capacity tests); vosk-remote, google, aws-transcribe or"
              + " alibaba-nls (set up under engine.settings); loads it and demo only; default"
              + " vosk")
  private String engineName;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "HTTP port of /metrics, /health and /ready (default 9090)")
  private Integer metricsPort;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    ServerConfig cfg;
    try {
      cfg = config != null ? new ConfigLoader().load(config) : ServerConfig.defaults();
      cfg = withFlags(cfg);
    } catch (ConfigLoader.ConfigException | IllegalArgumentException e) {
      System.err.println("mrcp-server: " + e.getMessage());
      return 2;
    }
    RecognitionEngine engine;
    try {
      engine = EngineLoader.load(cfg.engine());
    } catch (EngineException e) {
      System.err.println(
          "mrcp-server: cannot load engine " + cfg.engine().name() + ": " + e.getMessage());
      return 1;
    }
    io.mrcpj.server.resource.synth.SynthesisEngines synthesis;
    try {
      synthesis = io.mrcpj.server.engine.SynthesisLoader.load(cfg.synthesis());
    } catch (io.mrcpj.tts.spi.SynthesisException | RuntimeException e) {
      System.err.println("mrcp-server: cannot load synthesis engine: " + e.getMessage());
      engine.close();
      return 1;
    }
    SpeechServer server = new SpeechServer(cfg, engine, synthesis);
    try {
      server.start();
    } catch (SipStartException | RuntimeException e) {
      System.err.println("mrcp-server: " + e.getMessage());
      engine.close();
      if (synthesis != null) {
        synthesis.close();
      }
      return 1;
    }
    int grace = cfg.limits().shutdownGrace();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  server.shutdown(Duration.ofSeconds(grace));
                  engine.close();
                  if (synthesis != null) {
                    synthesis.close();
                  }
                  stopped.countDown();
                },
                "shutdown"));
    log.info("mrcp-server ready");
    stopped.await();
    return 0;
  }

  private ServerConfig withFlags(ServerConfig cfg) {
    SipConfig s = cfg.sip();
    MrcpConfig m = cfg.mrcp();
    RtpConfig r = cfg.rtp();
    return new ServerConfig(
        new SipConfig(
            sipHost != null ? sipHost : s.host(),
            sipPort != null ? sipPort : s.port(),
            s.transports(),
            s.sessionExpires(),
            s.minSe(),
            s.workers(),
            s.ackTimeout(),
            s.allow(),
            s.auth(),
            s.tls()),
        new MrcpConfig(
            mrcpHost != null ? mrcpHost : m.host(),
            mrcpPort != null ? mrcpPort : m.port(),
            m.maxMessageBytes(),
            m.maxHeaderBytes(),
            m.ioThreads(),
            m.allow(),
            m.tls()),
        new RtpConfig(
            rtpHost != null ? rtpHost : r.host(), r.portMin(), r.portMax(), r.inbandDtmf()),
        engineName == null
            ? cfg.engine()
            : new EngineConfig(engineName, null, cfg.engine().settings()),
        cfg.limits(),
        cfg.recognizer(),
        metricsPort == null
            ? cfg.metrics()
            : new io.mrcpj.server.config.MetricsConfig(
                cfg.metrics().enabled(), cfg.metrics().host(), metricsPort),
        cfg.logging(),
        cfg.synthesis(),
        cfg.recorder());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
