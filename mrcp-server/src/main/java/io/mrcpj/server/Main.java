package io.mrcpj.server;

import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.server.config.ConfigLoader;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.control.ChannelRegistry;
import io.mrcpj.server.control.MrcpControlServer;
import java.nio.file.Path;
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
      "Today it runs the MRCPv2 control listener; SIP, RTP and recognition land with P2."
    })
public final class Main implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration file")
  private Path config;

  @Option(
      names = "--mrcp-host",
      paramLabel = "ADDR",
      description = "MRCP listen address (default 127.0.0.1)")
  private String mrcpHost;

  @Option(names = "--mrcp-port", paramLabel = "PORT", description = "MRCP TCP port (default 1544)")
  private Integer mrcpPort;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    ServerConfig cfg;
    try {
      cfg = config != null ? new ConfigLoader().load(config) : ServerConfig.defaults();
      if (mrcpHost != null || mrcpPort != null) {
        var m = cfg.mrcp();
        cfg =
            new ServerConfig(
                cfg.sip(),
                new io.mrcpj.server.config.MrcpConfig(
                    mrcpHost != null ? mrcpHost : m.host(),
                    mrcpPort != null ? mrcpPort : m.port(),
                    m.maxMessageBytes(),
                    m.maxHeaderBytes(),
                    m.ioThreads()),
                cfg.rtp(),
                cfg.engine(),
                cfg.limits());
      }
    } catch (ConfigLoader.ConfigException | IllegalArgumentException e) {
      System.err.println("mrcp-server: " + e.getMessage());
      return 2;
    }
    MrcpDecoderConfig decoder =
        MrcpDecoderConfig.builder()
            .maxMessageBytes(cfg.mrcp().maxMessageBytes())
            .maxHeaderBytes(cfg.mrcp().maxHeaderBytes())
            .build();
    MrcpControlServer control =
        new MrcpControlServer(
            cfg.mrcp().host(),
            cfg.mrcp().port(),
            decoder,
            ChannelRegistry.EMPTY,
            cfg.mrcp().ioThreads());
    try {
      control.start();
    } catch (Exception e) {
      System.err.println(
          "mrcp-server: cannot listen on "
              + cfg.mrcp().host()
              + ":"
              + cfg.mrcp().port()
              + ": "
              + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  control.close();
                  stopped.countDown();
                },
                "shutdown"));
    log.info("mrcp-server ready");
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
