package io.mrcpj.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point of the client tools. */
@Command(
    name = "mrcp-client",
    mixinStandardHelpOptions = true,
    version = "mrcp-client 0.1.0-SNAPSHOT",
    description = "MRCPv2 client tools.")
public final class Main implements java.util.concurrent.Callable<Integer> {

  @Override
  public Integer call() {
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
