package io.mrcpj.client.cli;

import io.mrcpj.client.MrcpClient;
import io.mrcpj.client.SipTransport;
import io.mrcpj.client.cli.RecognizeCommand.UsageException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where the MRCP commands reach the server and how: shared by {@code recognize}, {@code speak} and
 * {@code bench}.
 */
final class ServerOptions {

  @Option(
      names = "--server",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      defaultValue = "127.0.0.1:8060",
      description =
          "the server's SIP address (default ${DEFAULT-VALUE}); recognize and speak take a comma-separated"
              + " list and tries them in order until one takes the session")
  String server;

  @Option(
      names = "--transport",
      paramLabel = "udp|tcp|tls",
      defaultValue = "udp",
      description = "SIP transport (default ${DEFAULT-VALUE}); tls needs --tls")
  String transport;

  @Option(
      names = "--codec",
      paramLabel = "PCMU|PCMA|G722|L16|L16/8000",
      defaultValue = "PCMU",
      description = "the codec to offer (G722 and L16 are 16 kHz); default ${DEFAULT-VALUE}")
  String codec;

  @Option(
      names = "--local",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "local address for SIP and RTP (default ${DEFAULT-VALUE})")
  String local;

  @Option(
      names = "--tls",
      paramLabel = "CERTS.pem",
      description =
          "MRCP over TLS (TCP/TLS/MRCPv2), trusting the server certificates in this PEM file")
  java.nio.file.Path tls;

  @Option(
      names = "--sip-user",
      paramLabel = "USER",
      description =
          "answer SIP digest challenges as USER, with the password in the environment variable"
              + " MRCPJ_SIP_PASSWORD")
  String sipUser;

  String host() throws UsageException {
    return RecognizeCommand.hostPort(single())[0];
  }

  int port() throws UsageException {
    return Integer.parseInt(RecognizeCommand.hostPort(single())[1]);
  }

  private String single() throws UsageException {
    if (server.indexOf(',') >= 0) {
      throw new UsageException("--server takes one HOST:PORT here, not a list: " + server);
    }
    return server;
  }

  /** The --server list, in order: each entry HOST:PORT, none twice. */
  List<InetSocketAddress> servers() throws UsageException {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String entry : server.split(",", -1)) {
      String e = entry.strip();
      if (e.isEmpty()) {
        throw new UsageException("--server has an empty entry: " + server);
      }
      String[] hp = RecognizeCommand.hostPort(e);
      InetSocketAddress a = InetSocketAddress.createUnresolved(hp[0], Integer.parseInt(hp[1]));
      if (out.contains(a)) {
        throw new UsageException("--server lists " + e + " twice");
      }
      out.add(a);
    }
    return out;
  }

  SipTransport sipTransport() throws UsageException {
    return switch (transport.toLowerCase(Locale.ROOT)) {
      case "udp" -> SipTransport.UDP;
      case "tcp" -> SipTransport.TCP;
      case "tls" -> SipTransport.TLS;
      default -> throw new UsageException("--transport must be udp, tcp or tls, not " + transport);
    };
  }

  /** A client builder with all of these set. */
  MrcpClient.Builder client() throws UsageException {
    MrcpClient.Builder b =
        MrcpClient.builder()
            .servers(servers())
            .transport(sipTransport())
            .localAddress(local)
            .codecs(RecognizeCommand.codecs(codec));
    if (sipUser != null) {
      String pw = System.getenv("MRCPJ_SIP_PASSWORD");
      if (pw == null) {
        throw new UsageException("--sip-user needs the password in MRCPJ_SIP_PASSWORD");
      }
      b.credentials(sipUser, pw);
    }
    if (tls == null && "tls".equalsIgnoreCase(transport)) {
      throw new UsageException("--transport tls needs --tls CERTS.pem (the certificates to trust)");
    }
    if (tls != null) {
      try {
        b.tls(tls);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--tls: " + e.getMessage());
      }
    }
    return b;
  }

  /**
   * Opens a session with {@code resource}, waiting at most {@code timeoutSeconds} (and 5 s per
   * server plus 10 s, so a list of dead servers is given up on in time).
   *
   * @throws io.mrcpj.client.MrcpClientException when no server takes it, naming why (a timeout
   *     included)
   */
  io.mrcpj.client.ClientSession open(
      io.mrcpj.client.MrcpClient client,
      int timeoutSeconds,
      io.mrcpj.core.message.MrcpResource resource)
      throws io.mrcpj.client.MrcpClientException, InterruptedException {
    int servers = client.servers().size();
    try {
      return client.openSession(
          java.time.Duration.ofSeconds(Math.min(timeoutSeconds, 5L * servers + 10)), resource);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new io.mrcpj.client.MrcpClientException(
          "no session with " + server + " (timed out)", e);
    }
  }
}
