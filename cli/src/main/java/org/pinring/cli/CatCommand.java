package org.pinring.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

/** {@code pinring cat CID[/path]}: write a file's bytes to stdout. */
@Command(
    name = "cat",
    description = "Write the bytes of a file in the local repository to standard output.",
    mixinStandardHelpOptions = true)
final class CatCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Parameters(paramLabel = "CID[/PATH]", description = "The file, e.g. bafy.../docs/readme.txt.")
  String target;

  @Option(names = "--offset", paramLabel = "N", description = "Start at byte N (default 0).")
  long offset;

  @Option(names = "--length", paramLabel = "N", description = "Write at most N bytes.")
  Long length;

  @Override
  public Integer call() throws IOException {
    ContentPath content = ContentPath.parse(target);
    if (offset < 0 || (length != null && length < 0)) {
      throw new UserInputException("--offset and --length must not be negative");
    }
    java.util.Optional<DaemonApi> daemon = DaemonApi.find(repo.directory());
    if (daemon.isPresent()) {
      // The daemon holds the repository: read through its gateway.
      if (offset != 0 || length != null) {
        throw new UserInputException("--offset and --length need the daemon to be stopped");
      }
      try (java.io.InputStream in =
          daemon.get().stream(
              "GET", "/ipfs/" + target, java.net.http.HttpRequest.BodyPublishers.noBody())) {
        OutputStream out = Stdout.binary();
        in.transferTo(out);
        out.flush();
      }
      return ExitCodes.OK;
    }
    return ContentErrors.run(
        spec.commandLine().getErr(),
        () -> {
          try (Repository repository = repo.open()) {
            UnixFsExporter exporter = new UnixFsExporter(repository.blocks(), DagLimits.defaults());
            UnixFsEntry entry = exporter.resolve(content.root(), content.path());
            if (entry.kind() != UnixFsEntry.Kind.FILE) {
              throw new UserInputException(
                  target
                      + " is a "
                      + entry.kind().name().toLowerCase(java.util.Locale.ROOT)
                      + ", not a file");
            }
            OutputStream out = new BufferedOutputStream(Stdout.binary(), 1 << 16);
            exporter.cat(entry.cid(), offset, length == null ? Long.MAX_VALUE : length, out);
            out.flush();
          }
          return ExitCodes.OK;
        });
  }
}
