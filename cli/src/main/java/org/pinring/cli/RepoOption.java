package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.pinring.node.repo.RepoLock;
import org.pinring.node.repo.Repository;
import org.pinring.node.repo.RepositoryInUseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --repo DIR} option shared by commands that use the local repository. */
final class RepoOption {

  /** How long a command waits for a daemon that holds the repository to start its API. */
  static final Duration DAEMON_WAIT = Duration.ofSeconds(30);

  private static final Duration DAEMON_POLL = Duration.ofMillis(50);

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
    try {
      return openHere();
    } catch (RepositoryInUseException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  private Repository openHere() throws IOException {
    Path dir = directory();
    if (!Repository.exists(dir)) {
      throw new UserInputException(
          "no PinRing repository in " + dir + "; create one with `pinring repo init`");
    }
    return Repository.open(dir);
  }

  /** Opens the repository, creating it with defaults (and saying so on stderr) if there is none. */
  Repository openOrCreate(PrintWriter err) throws IOException {
    try {
      return openOrCreateHere(err);
    } catch (RepositoryInUseException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  private Repository openOrCreateHere(PrintWriter err) throws IOException {
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

  /**
   * For commands that work through a running daemon or, without one, on the repository directly:
   * the daemon's API if one holds the repository, else the repository opened here (created if
   * {@code create}). A daemon that holds the repository but has not written its API file yet is
   * starting (or stopping): wait for its API, or for it to let go, up to {@link #DAEMON_WAIT}; so a
   * command run right after {@code pinring daemon &} finds the daemon instead of failing.
   *
   * @throws UserInputException if another command holds the repository, or a daemon holds it
   *     without an API for longer than the wait
   */
  Access daemonOrLocal(PrintWriter err, boolean create) throws IOException {
    Path dir = directory();
    long deadline = System.nanoTime() + DAEMON_WAIT.toNanos();
    boolean told = false;
    while (true) {
      Optional<DaemonApi> daemon = DaemonApi.find(dir);
      if (daemon.isPresent()) {
        return new Access(daemon.get(), null);
      }
      try {
        return new Access(null, create ? openOrCreateHere(err) : openHere());
      } catch (RepositoryInUseException e) {
        if (e.holder().equals(Optional.of(RepoLock.Holder.COMMAND))) {
          throw new UserInputException(e.getMessage());
        }
        if (System.nanoTime() - deadline > 0) {
          throw new UserInputException(
              e.getMessage()
                  + ", and its API did not answer within "
                  + DAEMON_WAIT.toSeconds()
                  + " s");
        }
        if (!told) {
          err.println("pinring: waiting for the daemon on " + dir + " to start or stop");
          err.flush();
          told = true;
        }
        pause();
      }
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(DAEMON_POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for the daemon");
    }
  }

  /** Where a command does its work: a daemon's API, or the repository opened by this command. */
  static final class Access implements AutoCloseable {
    private final DaemonApi daemon;
    private final Repository repository;

    private Access(DaemonApi daemon, Repository repository) {
      this.daemon = daemon;
      this.repository = repository;
    }

    /** The daemon's API, if the work goes through a daemon. */
    Optional<DaemonApi> daemon() {
      return Optional.ofNullable(daemon);
    }

    /** The repository opened here; only when there is no daemon. */
    Repository repository() {
      if (repository == null) {
        throw new IllegalStateException("the work goes through the daemon");
      }
      return repository;
    }

    @Override
    public void close() {
      if (repository != null) {
        repository.close();
      }
    }
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
