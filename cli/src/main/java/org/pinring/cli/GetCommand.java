package org.pinring.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.UnixFsEntry;
import org.pinring.node.unixfs.UnixFsExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring get CID[/path] -o DEST}: write a file or directory tree to disk. */
@Command(
    name = "get",
    description = {
      "Write a file, symlink or directory tree from the local repository to disk.",
      "Refuses to overwrite anything and entry names that could escape DEST."
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

  @Override
  public Integer call() throws IOException {
    ContentPath content = ContentPath.parse(target);
    Path destination = output != null ? output : Path.of(content.lastName());
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(destination + " already exists; choose another --output");
    }
    java.util.Optional<DaemonApi> daemon = DaemonApi.find(repo.directory());
    if (daemon.isPresent()) {
      // The daemon holds the repository: files come through its gateway. A directory comes back
      // as the gateway's JSON listing, which must not be written out as if it were the tree.
      java.net.http.HttpResponse<java.io.InputStream> response =
          daemon
              .get()
              .getRange("/ipfs/" + target, null)
              .orElseThrow(() -> new java.io.IOException("the daemon sent no body for " + target));
      try (java.io.InputStream in = response.body()) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
          throw new UserInputException(
              target
                  + " is a directory: getting a directory through a running daemon is not"
                  + " supported yet; stop the daemon, or fetch a CAR from its gateway"
                  + " (GET /ipfs/CID?format=car)");
        }
        Files.copy(in, destination);
      }
      spec.commandLine().getOut().println("wrote " + destination);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    return ContentErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (Repository repository = repo.open()) {
            UnixFsExporter exporter = new UnixFsExporter(repository.blocks(), DagLimits.defaults());
            UnixFsEntry entry = exporter.resolve(content.root(), content.path());
            exporter.get(entry.cid(), destination);
            spec.commandLine().getOut().println("wrote " + destination);
            spec.commandLine().getOut().flush();
          }
          return ExitCodes.OK;
        });
  }
}
