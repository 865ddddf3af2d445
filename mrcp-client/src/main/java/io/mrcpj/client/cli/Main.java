package io.mrcpj.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point of the client tools. Exit codes: 0 success, 2 bad input (a message on
 * standard error names the problem).
 */
@Command(
    name = "mrcp-client",
    mixinStandardHelpOptions = true,
    version = "mrcp-client 0.1.0-SNAPSHOT",
    description = "MRCPv2 client tools.",
    subcommands = {
      DecodeCommand.class,
      RecognizeCommand.class,
      SpeakCommand.class,
      RecordCommand.class,
      BenchCommand.class,
      EslCli.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
