package org.pinring.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The top-level {@code pinring} command: only a list of subcommands. */
@Command(
    name = "pinring",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A leaderless pinning ring: lend disk to a shared IPFS archive.",
    subcommands = {
      HelpCommand.class,
      CidCommand.class,
      MultiaddrCommand.class,
      AllocCommand.class,
      ThresholdCommand.class,
      IdCommand.class,
      PingCommand.class,
      PerfCommand.class,
      AddCommand.class,
      CatCommand.class,
      GetCommand.class,
      LsCommand.class,
      CarCommand.class,
      PinCommand.class,
      RepoCommand.class,
      DaemonCommand.class,
      FetchCommand.class,
      PeersCommand.class,
      ConnectCommand.class,
      PubsubCommand.class
    })
public final class PinringCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The configured command line, as {@link Main} runs it; tests use it with their own writers. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new PinringCommand());
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    return commandLine;
  }

  @Override
  public void run() {
    // No subcommand given: show what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
