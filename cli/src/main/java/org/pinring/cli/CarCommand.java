package org.pinring.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.car.CarExporter;
import org.pinring.node.car.CarImporter;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.BlockWriting;
import org.pinring.node.unixfs.ParallelBlockWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring car export|import}: move DAGs in and out as CARv1 files. */
@Command(
    name = "car",
    description = "Export a DAG as a CAR (v1) file, or import one.",
    mixinStandardHelpOptions = true,
    subcommands = {CarCommand.Export.class, CarCommand.Import.class})
final class CarCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "export",
      description =
          "Write the DAG under CID as a CARv1 with CID as its root (to stdout by default).",
      mixinStandardHelpOptions = true)
  static final class Export implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Parameters(paramLabel = "CID", description = "The DAG's root.")
    String root;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write to FILE instead of standard output (must not exist).")
    Path output;

    @Override
    public Integer call() throws IOException {
      Cid cid = ContentPath.parse(root).root();
      return ContentErrors.run(
          spec.commandLine().getErr(),
          () -> {
            try (Repository repository = repo.open()) {
              if (output == null) {
                OutputStream out = new BufferedOutputStream(Stdout.binary(), 1 << 16);
                CarExporter.export(repository.blocks(), cid, out, DagLimits.defaults());
                out.flush();
                return ExitCodes.OK;
              }
              exportToFile(repository, cid);
            }
            return ExitCodes.OK;
          });
    }

    /** Writes beside the target and renames, so a failed export leaves no partial CAR. */
    private void exportToFile(Repository repository, Cid cid) throws IOException {
      Path temp = output.resolveSibling(output.getFileName() + ".partial");
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
        CarExporter.Result result =
            CarExporter.export(repository.blocks(), cid, out, DagLimits.defaults());
        out.flush();
        Files.move(temp, output);
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "wrote "
                + output
                + ": "
                + result.blocks()
                + " block(s), "
                + ByteSize.format(result.bytes()));
        err.flush();
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  @Command(
      name = "import",
      description = {
        "Import a CARv1 file (or - for standard input): verify and store every block, then pin",
        "each root whose DAG is complete. Fails (exit code 1) if a root is incomplete."
      },
      mixinStandardHelpOptions = true)
  static final class Import implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RepoOption repo = new RepoOption();

    @Parameters(paramLabel = "FILE", description = "The CAR file, or - for standard input.")
    String file;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      return ContentErrors.run(err, this::importCar);
    }

    private int importCar() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Repository repository = repo.openOrCreate(err);
          BlockStore.Session session = repository.blocks().openSession();
          InputStream in = open()) {
        // Blocks are stored on the import writers, as `add` stores them (import.writers and
        // import.writeWindow): consecutive blocks' writes and fsyncs overlap.
        BlockWriting writing = repository.config().blockWriting();
        ExecutorService writers = writing.newWriterPool("pinring-car-writer");
        CarImporter.Result result;
        // The writer closes first: it waits for its writes before the session closes.
        try (ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, writing)) {
          result =
              CarImporter.importCar(in, writer, session, repository.blocks(), DagLimits.defaults());
        } finally {
          writers.shutdownNow();
        }
        for (Cid root : result.complete()) {
          repository.pins().add(root);
          out.println("pinned root " + root);
        }
        for (String incomplete : result.incomplete()) {
          out.println("incomplete root " + incomplete);
        }
        out.println(
            "imported "
                + result.blocks()
                + " block(s), "
                + ByteSize.format(result.bytes())
                + (result.roots().isEmpty() ? " (the CAR names no roots; nothing pinned)" : ""));
        out.flush();
        return result.incomplete().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
      }
    }

    private InputStream open() throws IOException {
      if (file.equals("-")) {
        return new BufferedInputStream(System.in, 1 << 16);
      }
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new UserInputException(file + " is not a file");
      }
      return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    }
  }
}
