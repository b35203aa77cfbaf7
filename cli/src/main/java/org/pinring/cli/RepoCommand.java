package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pinring.multiformats.Multihash;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.blockstore.GcReport;
import org.pinring.node.blockstore.ScrubReport;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinring repo ...}: the local repository's upkeep. */
@Command(
    name = "repo",
    description = "Create, inspect and maintain the local repository.",
    mixinStandardHelpOptions = true,
    subcommands = {
      RepoCommand.Init.class,
      RepoCommand.Stat.class,
      RepoCommand.Gc.class,
      RepoCommand.Scrub.class
    })
final class RepoCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "init",
      description = "Create a repository (config.json, state/, blocks/).",
      mixinStandardHelpOptions = true)
  static final class Init implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Option(
        names = "--lend",
        paramLabel = "SIZE",
        description = "Space lent to the ring, e.g. 200GiB (default 10GiB).")
    String lend;

    @Override
    public Integer call() throws IOException {
      RepoConfig config = RepoConfig.defaults();
      if (lend != null) {
        try {
          config = config.withLent(ByteSize.parse(lend));
        } catch (IllegalArgumentException e) {
          throw new UserInputException("--lend: " + e.getMessage());
        }
      }
      if (Repository.exists(repo.directory())) {
        throw new UserInputException("a repository already exists in " + repo.directory());
      }
      RepoConfig chosen = config;
      return ContentErrors.run(
          spec.commandLine().getErr(),
          () -> {
            try (Repository repository = Repository.create(repo.directory(), chosen)) {
              spec.commandLine()
                  .getOut()
                  .println(
                      "created a repository in "
                          + repository.directory()
                          + " lending "
                          + repository.config().lent());
              spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "stat",
      description = "Blocks stored, bytes used and the space lent.",
      mixinStandardHelpOptions = true)
  static final class Stat implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Override
    public Integer call() throws IOException {
      return repo.run(
          spec,
          (repository, out) -> {
            BlockStore.Stats stats = repository.blocks().stats();
            out.printf(Locale.ROOT, "repository: %s%n", repository.directory());
            out.printf(Locale.ROOT, "blocks:     %d%n", stats.blocks());
            out.printf(
                Locale.ROOT,
                "used:       %s (%d bytes)%n",
                ByteSize.format(stats.bytes()),
                stats.bytes());
            out.printf(
                Locale.ROOT,
                "lent:       %s (%d bytes), %.1f%% used%n",
                ByteSize.format(stats.quotaBytes()),
                stats.quotaBytes(),
                stats.quotaBytes() == 0 ? 100.0 : 100.0 * stats.bytes() / stats.quotaBytes());
            out.printf(Locale.ROOT, "pins:       %d%n", repository.pins().list().size());
          });
    }
  }

  @Command(
      name = "gc",
      description = "Remove every block that no pin's DAG reaches.",
      mixinStandardHelpOptions = true)
  static final class Gc implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Override
    public Integer call() throws IOException {
      return repo.run(
          spec,
          (repository, out) -> {
            GcReport report = repository.collectGarbage(DagLimits.defaults());
            out.printf(
                Locale.ROOT,
                "removed %d block(s), freed %s; kept %d block(s) of %d pin(s)%n",
                report.removedBlocks(),
                ByteSize.format(report.freedBytes()),
                report.liveBlocks(),
                report.roots());
          });
    }
  }

  @Command(
      name = "scrub",
      description = {
        "Re-hash every stored block and check files against the index.",
        "Exit code 1 if anything is wrong; --repair removes what is damaged."
      },
      mixinStandardHelpOptions = true)
  static final class Scrub implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Option(
        names = "--repair",
        description = "Remove corrupt blocks, dangling entries and stray files.")
    boolean repair;

    @Override
    public Integer call() throws IOException {
      return ContentErrors.run(
          spec.commandLine().getErr(),
          () -> {
            try (Repository repository = repo.open()) {
              ScrubReport report = repository.blocks().scrub(repair);
              PrintWriter out = spec.commandLine().getOut();
              out.printf(
                  Locale.ROOT,
                  "checked %d block(s), %s%n",
                  report.checkedBlocks(),
                  ByteSize.format(report.checkedBytes()));
              for (Multihash corrupt : report.corrupt()) {
                out.println("corrupt " + corrupt + (repair ? " (removed)" : ""));
              }
              for (Multihash missing : report.missing()) {
                out.println("missing " + missing + (repair ? " (entry removed)" : ""));
              }
              if (report.strayFiles() > 0) {
                out.println(report.strayFiles() + " stray file(s)" + (repair ? " (removed)" : ""));
              }
              out.println(
                  report.healthy() ? "ok" : repair ? "repaired" : "damaged; run with --repair");
              out.flush();
              return report.healthy() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
          });
    }
  }
}
