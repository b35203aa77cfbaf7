package org.pinring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.UnixFsEntry;
import org.pinring.node.unixfs.UnixFsExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring ls CID[/path]}: list a directory. */
@Command(
    name = "ls",
    description = {
      "List a directory in the local repository: CID, size and name of each entry.",
      "Sizes are file lengths; directories end with / and symlinks with @."
    },
    mixinStandardHelpOptions = true)
final class LsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Parameters(paramLabel = "CID[/PATH]", description = "The directory (or file).")
  String target;

  @Override
  public Integer call() throws IOException {
    ContentPath content = ContentPath.parse(target);
    return ContentErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (Repository repository = repo.open()) {
            UnixFsExporter exporter = new UnixFsExporter(repository.blocks(), DagLimits.defaults());
            UnixFsEntry entry = exporter.resolve(content.root(), content.path());
            PrintWriter out = spec.commandLine().getOut();
            if (entry.kind() != UnixFsEntry.Kind.DIRECTORY) {
              print(out, entry);
            } else {
              for (UnixFsEntry child : exporter.list(entry.cid())) {
                print(out, child);
              }
            }
            out.flush();
          }
          return ExitCodes.OK;
        });
  }

  private static void print(PrintWriter out, UnixFsEntry entry) {
    String suffix =
        switch (entry.kind()) {
          case DIRECTORY -> "/";
          case SYMLINK -> "@";
          case FILE -> "";
        };
    String name = entry.name().isEmpty() ? entry.cid().toString() : entry.name();
    out.printf(Locale.ROOT, "%s %12d %s%s%n", entry.cid(), entry.size(), name, suffix);
  }
}
