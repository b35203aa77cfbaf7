package org.pinring.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.unixfs.UnixFsExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pinring get CID[/path] -o DEST}: write a file, symlink or directory tree to disk, from the
 * local repository or, while a daemon holds it, as a verified CAR from the daemon's gateway. Either
 * way the same exporter writes the entry into a work directory beside DEST ({@link StagedOutput})
 * and it is renamed to DEST only when complete.
 */
@Command(
    name = "get",
    description = {
      "Write a file, symlink or directory tree from the local repository to disk.",
      "Refuses to overwrite anything and entry names that could escape DEST. DEST appears only",
      "complete: the entry is written beside it and renamed. While a daemon runs on the",
      "repository, the entry's DAG comes from its gateway as a CAR, every block verified."
    },
    mixinStandardHelpOptions = true)
final class GetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Parameters(paramLabel = "CID[/PATH]", description = "What to write.")
  String target;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DEST",
      description =
          "Where to write it (must not exist; default: its name in the current directory).")
  Path output;

  @Option(
      names = "--preserve-mode",
      description =
          "Apply the permission bits recorded by add --preserve-mode (0644/0755 where none are).")
  boolean preserveMode;

  @Option(
      names = "--preserve-mtime",
      description = "Apply the modification times recorded by add --preserve-mtime.")
  boolean preserveMtime;

  @Override
  public Integer call() throws IOException {
    ContentPath content = ContentPath.parse(target);
    Path destination = output != null ? output : Path.of(content.lastName());
    return ContentErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (RepoOption.Access access = repo.daemonOrLocal(spec.commandLine().getErr(), false);
              StagedOutput staged = StagedOutput.beside(destination)) {
            Optional<DaemonApi> daemon = access.daemon();
            if (daemon.isPresent()) {
              getThroughDaemon(daemon.get(), content, staged);
            } else {
              BlockStore store = access.repository().blocks();
              Cid cid =
                  new UnixFsExporter(store, DagLimits.defaults())
                      .resolve(content.root(), content.path())
                      .cid();
              write(store, cid, staged);
            }
          }
          spec.commandLine().getOut().println("wrote " + destination);
          spec.commandLine().getOut().flush();
          return ExitCodes.OK;
        });
  }

  /**
   * The daemon holds the repository: the entry's DAG comes through its gateway into a spool in the
   * work directory (deleted with it) and is written from there like a local one.
   */
  private void getThroughDaemon(DaemonApi daemon, ContentPath content, StagedOutput staged)
      throws IOException {
    Path spool = staged.workDirectory();
    try (SpoolBlockStore pathBlocks = new SpoolBlockStore(spool.resolve("path-blocks"));
        SpoolBlockStore dag = new SpoolBlockStore(spool.resolve("dag-blocks"))) {
      Cid cid = new GatewayTransfer(daemon, DagLimits.defaults()).fetch(content, pathBlocks, dag);
      write(dag, cid, staged);
    }
  }

  /** Exports, restores metadata below the entry, renames, then restores the entry's own. */
  private void write(BlockStore store, Cid cid, StagedOutput staged) throws IOException {
    DagLimits limits = DagLimits.defaults();
    new UnixFsExporter(store, limits).get(cid, staged.entry());
    MetadataRestorer metadata = new MetadataRestorer(store, limits, preserveMode, preserveMtime);
    metadata.restoreContents(cid, staged.entry());
    staged.commit();
    // After the rename: moving a directory needs write permission on it (for its ".." entry),
    // which a restored read-only mode would take away.
    metadata.restoreEntry(cid, staged.destination());
  }
}
