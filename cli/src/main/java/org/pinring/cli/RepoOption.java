package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.pinring.node.repo.Repository;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --repo DIR} option shared by commands that use the local repository. */
final class RepoOption {

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "The repository directory (default: ~/.pinring).")
  Path directory;

  Path directory() {
    return directory != null ? directory : Repository.defaultDirectory();
  }

  /**
   * Opens the repository, which must exist.
   *
   * @throws UserInputException if there is none, saying how to create one
   */
  Repository open() throws IOException {
    Path dir = directory();
    if (!Repository.exists(dir)) {
      throw new UserInputException(
          "no PinRing repository in " + dir + "; create one with `pinring repo init`");
    }
    return Repository.open(dir);
  }

  /** Opens the repository, creating it with defaults (and saying so on stderr) if there is none. */
  Repository openOrCreate(PrintWriter err) throws IOException {
    Path dir = directory();
    if (!Repository.exists(dir)) {
      Repository created = Repository.openOrCreate(dir);
      err.println(
          "pinring: created a repository in "
              + dir
              + " lending "
              + created.config().lent()
              + " (change storage.lent in config.json)");
      err.flush();
      return created;
    }
    return Repository.open(dir);
  }

  /** What a command does with the open repository, printing to {@code out}. */
  @FunctionalInterface
  interface Work {
    void run(Repository repository, PrintWriter out) throws IOException;
  }

  /**
   * Runs {@code work} on the repository, which must exist, then flushes standard output; content
   * errors become their exit codes ({@link ContentErrors}).
   *
   * @return {@link ExitCodes#OK}, or the exit code of the error
   */
  int run(CommandSpec spec, Work work) throws IOException {
    return ContentErrors.run(
        spec.commandLine().getErr(),
        () -> {
          PrintWriter out = spec.commandLine().getOut();
          try (Repository repository = open()) {
            work.run(repository, out);
          } finally {
            out.flush();
          }
          return ExitCodes.OK;
        });
  }
}
