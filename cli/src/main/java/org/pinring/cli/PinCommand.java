package org.pinring.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.dag.MissingBlockException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring pin ...}: the repository's local pins, the roots garbage collection keeps. */
@Command(
    name = "pin",
    description = "List, add and remove local pins (what `pinring repo gc` keeps).",
    mixinStandardHelpOptions = true,
    subcommands = {PinCommand.Ls.class, PinCommand.Add.class, PinCommand.Rm.class})
final class PinCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "ls", description = "List the pinned roots.", mixinStandardHelpOptions = true)
  static final class Ls implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Override
    public Integer call() throws IOException {
      return repo.run(
          spec,
          (repository, out) -> {
            repository.pins().list().forEach(out::println);
          });
    }
  }

  @Command(
      name = "add",
      description = "Pin a root whose whole DAG is already in the repository.",
      mixinStandardHelpOptions = true)
  static final class Add implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Parameters(paramLabel = "CID", description = "The root to pin.")
    String root;

    @Override
    public Integer call() throws IOException {
      Cid cid = ContentPath.parse(root).root();
      return repo.run(
          spec,
          (repository, out) -> {
            try (BlockStore.Session session = repository.blocks().openSession()) {
              // Claim every block in the session, so a concurrent collection cannot take one
              // between this check and the pin.
              new DagWalker(repository.blocks()::links, DagLimits.defaults())
                  .walk(
                      cid,
                      (block, depth) -> {
                        if (!session.has(block)) {
                          throw new MissingBlockException(block);
                        }
                      });
              repository.pins().add(cid);
              out.println("pinned " + cid);
            }
          });
    }
  }

  @Command(
      name = "rm",
      description = "Unpin a root; `pinring repo gc` then frees what nothing else keeps.",
      mixinStandardHelpOptions = true)
  static final class Rm implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Parameters(paramLabel = "CID", description = "The root to unpin.")
    String root;

    @Override
    public Integer call() throws IOException {
      Cid cid = ContentPath.parse(root).root();
      return repo.run(
          spec,
          (repository, out) -> {
            if (!repository.pins().remove(cid)) {
              throw new UserInputException(cid + " is not pinned");
            }
            out.println("unpinned " + cid);
          });
    }
  }
}
