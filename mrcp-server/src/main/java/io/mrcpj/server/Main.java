package io.mrcpj.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point of the speech server. */
@Command(
    name = "mrcp-server",
    mixinStandardHelpOptions = true,
    version = "mrcp-server 0.1.0-SNAPSHOT",
    description = "MRCPv2 speech server (RFC 6787).")
public final class Main implements java.util.concurrent.Callable<Integer> {

  @Override
  public Integer call() {
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
