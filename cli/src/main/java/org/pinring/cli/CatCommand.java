package org.pinring.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
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

  /**
   * The daemon holds the repository: the bytes come from its gateway, the range as an HTTP Range
   * header (a range past the end gives no bytes, as without a daemon).
   */
  private void catThroughDaemon(DaemonApi daemon) throws IOException {
    // --length 0 writes nothing, but the target must still exist and be a file: ask for one byte.
    boolean nothing = length != null && length == 0;
    String range = null;
    if (nothing) {
      range = "bytes=0-0";
    } else if (offset != 0 || length != null) {
      boolean toTheEnd = length == null || length > Long.MAX_VALUE - offset;
      range = "bytes=" + offset + "-" + (toTheEnd ? "" : offset + length - 1);
    }
    Optional<HttpResponse<InputStream>> response = daemon.getRange("/ipfs/" + target, range);
    if (response.isEmpty()) {
      return;
    }
    try (InputStream in = response.get().body()) {
      // The gateway answers a directory with its JSON listing; cat refuses it, as without a daemon.
      String type = response.get().headers().firstValue("Content-Type").orElse("");
      if (type.startsWith("application/json")) {
        throw new UserInputException(target + " is a directory, not a file");
      }
      if (nothing) {
        return;
      }
      OutputStream out = new BufferedOutputStream(Stdout.binary(), 1 << 16);
      if (range != null && response.get().statusCode() == 200) {
        // The whole file came (a gateway may ignore Range): cut the range out here.
        try {
          in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
          return; // the file ends before the offset
        }
        copy(in, out, length == null ? Long.MAX_VALUE : length);
      } else {
        in.transferTo(out);
      }
      out.flush();
    }
  }

  private static void copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = limit;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        return;
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  @Override
  public Integer call() throws IOException {
    ContentPath content = ContentPath.parse(target);
    if (offset < 0 || (length != null && length < 0)) {
      throw new UserInputException("--offset and --length must not be negative");
    }
    try (RepoOption.Access access = repo.daemonOrLocal(spec.commandLine().getErr(), false)) {
      if (access.daemon().isPresent()) {
        catThroughDaemon(access.daemon().get());
        return ExitCodes.OK;
      }
      return catHere(access.repository(), content);
    }
  }

  private int catHere(Repository repository, ContentPath content) throws IOException {
    return ContentErrors.run(
        spec.commandLine().getErr(),
        () -> {
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
          return ExitCodes.OK;
        });
  }
}
