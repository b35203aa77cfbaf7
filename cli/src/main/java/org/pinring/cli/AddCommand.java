package org.pinring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.BlockWriting;
import org.pinring.node.unixfs.EntryMetadata;
import org.pinring.node.unixfs.ImportListener;
import org.pinring.node.unixfs.ImportOptions;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
import org.pinring.node.unixfs.UnixFsImporter;
import org.pinring.runtime.SystemClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring add PATH...}: import files and directories as UnixFS and pin them. */
@Command(
    name = "add",
    description = {
      "Import files or directories into the local repository as UnixFS DAGs and pin them.",
      "Prints each PATH's root CID. The same bytes and preset give the same CID as Helia"
          + " (preset helia, the default) or kubo's classic `ipfs add` (preset kubo)."
    },
    mixinStandardHelpOptions = true)
final class AddCommand implements Callable<Integer> {

  /** Inputs smaller than this get no progress bar. */
  static final long PROGRESS_THRESHOLD_BYTES = 4L << 20;

  @Spec CommandSpec spec;

  @Mixin RepoOption repo = new RepoOption();

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to add.")
  List<Path> paths;

  @Option(
      names = "--preset",
      paramLabel = "helia|kubo",
      description = "Import settings to match (default: import.preset in config.json, else helia).")
  String preset;

  @Option(names = "--cid-version", paramLabel = "0|1", description = "CID version of dag-pb nodes.")
  Integer cidVersion;

  @Option(
      names = "--raw-leaves",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      description =
          "Store file chunks as raw blocks (default: per preset; on with --cid-version 1).")
  Boolean rawLeaves;

  @Option(
      names = "--chunk-size",
      paramLabel = "SIZE",
      description = "Bytes per chunk, e.g. 262144 or 256KiB (at most 1 MiB; default: per preset).")
  String chunkSize;

  @Option(names = "--only-hash", description = "Compute CIDs without storing anything.")
  boolean onlyHash;

  @Option(
      names = {"-r", "--recursive"},
      description = "Add directories and everything in them.")
  boolean recursive;

  @Option(names = "--hidden", description = "Include files whose name starts with a dot.")
  boolean hidden;

  @Option(names = "--preserve-mode", description = "Record permission bits.")
  boolean preserveMode;

  @Option(names = "--preserve-mtime", description = "Record modification times.")
  boolean preserveMtime;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also print the CID of every file and directory inside.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    return ContentErrors.run(err, this::add);
  }

  private int add() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path path : paths) {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new UserInputException(path + " does not exist");
      }
    }
    if (onlyHash) {
      ImportOptions options = options(configuredPreset());
      for (Path path : paths) {
        out.println(importOne(path, options, BlockSink.discarding(), out, err));
      }
      out.flush();
      return ExitCodes.OK;
    }
    try (RepoOption.Access access = repo.daemonOrLocal(err, true)) {
      if (access.daemon().isPresent()) {
        return addThroughDaemon(access.daemon().get(), out);
      }
      return addHere(access.repository(), out, err);
    }
  }

  private int addHere(Repository repository, PrintWriter out, PrintWriter err) throws IOException {
    ImportOptions options = options(repository.config().importPreset());
    // Writer threads and window from config.json (import.writers, import.writeWindow): blocks
    // are stored on many threads so their fsyncs overlap (docs/content.md, "Storing").
    BlockWriting writing = repository.config().blockWriting();
    ExecutorService writers = writing.newWriterPool("pinring-add-writer");
    try {
      addAll(repository, options, writing, writers, out, err);
    } finally {
      writers.shutdownNow();
    }
    return ExitCodes.OK;
  }

  private void addAll(
      Repository repository,
      ImportOptions options,
      BlockWriting writing,
      ExecutorService writers,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    for (Path path : paths) {
      // The writer closes first: it waits for its writes before the session and store close.
      try (BlockStore.Session session = repository.blocks().openSession();
          ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, writing)) {
        Cid root = importOne(path, options, writer, out, err);
        repository.pins().add(root);
        out.println(root);
        out.flush();
      }
    }
  }

  /** The daemon holds the repository: files are streamed to its {@code /add}. */
  private int addThroughDaemon(DaemonApi daemon, PrintWriter out) throws IOException {
    StringBuilder query = new StringBuilder("/add?");
    if (preset != null) {
      query.append("preset=").append(preset).append('&');
    }
    if (cidVersion != null) {
      query.append("cid-version=").append(cidVersion).append('&');
    }
    if (rawLeaves != null) {
      query.append("raw-leaves=").append(rawLeaves).append('&');
    }
    if (chunkSize != null) {
      query.append("chunk-size=").append(ByteSize.parse(chunkSize).bytes()).append('&');
    }
    for (Path path : paths) {
      JsonNode added;
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        if (!recursive) {
          throw new UserInputException(path + " is a directory; add it with --recursive");
        }
        // A tree goes as one multipart body, entry by entry in the local import's order.
        MultipartTreeBody tree = MultipartTreeBody.of(path, hidden, preserveMode, preserveMtime);
        added =
            daemon.post(
                query.toString(),
                tree.contentType(),
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(tree.stream()));
      } else if (Files.isRegularFile(path)) {
        String metadata =
            EntryMetadataQuery.of(EntryMetadata.read(path, preserveMode, preserveMtime));
        added =
            daemon.post(query + metadata, java.net.http.HttpRequest.BodyPublishers.ofFile(path));
      } else {
        throw new UserInputException(
            "through a running daemon, add takes files and directories; "
                + path
                + " is neither (stop the daemon to add it)");
      }
      String cid = added.get("cid").asText();
      if (verbose) {
        JsonNode entries = added.get("entries");
        if (entries == null || entries.isEmpty()) {
          out.println("added " + cid + " " + path.toAbsolutePath().normalize().getFileName());
        } else {
          entries.forEach(
              e -> out.println("added " + e.get("cid").asText() + " " + e.get("path").asText()));
        }
      }
      out.println(cid);
      out.flush();
    }
    return ExitCodes.OK;
  }

  /**
   * After a failed import, waits for the block writes still running: the session and the repository
   * close next, and LevelDB crashes the JVM when written to after it is closed. The import's own
   * exception is the one reported.
   */
  private Cid importOne(
      Path path, ImportOptions options, BlockSink sink, PrintWriter out, PrintWriter err)
      throws IOException {
    long total = inputBytes(path);
    ProgressBar bar =
        Terminal.isInteractive() && total >= PROGRESS_THRESHOLD_BYTES
            ? new ProgressBar(err, SystemClock.get(), total)
            : null;
    ImportListener listener =
        new ImportListener() {
          @Override
          public void bytesRead(long count) {
            if (bar != null) {
              bar.advance(count);
            }
          }

          @Override
          public void entryImported(String entryPath, Cid cid) {
            if (verbose) {
              out.println("added " + cid + " " + entryPath);
            }
          }
        };
    try {
      return new UnixFsImporter(options, sink, listener).importPath(path, recursive, hidden);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
  }

  /** import.preset of the repository's config.json, read without opening the repository. */
  private ImportPreset configuredPreset() throws IOException {
    Path config = repo.directory().resolve(Repository.CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      return ImportPreset.HELIA;
    }
    return org.pinring.node.repo.RepoConfig.parse(
            Files.readString(config, java.nio.charset.StandardCharsets.UTF_8))
        .importPreset();
  }

  /** The preset, adjusted by the flags; kubo's rule that CIDv1 implies raw leaves applies. */
  ImportOptions options(ImportPreset configured) {
    ImportPreset base;
    try {
      base = preset == null ? configured : ImportPreset.forName(preset);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--preset: " + e.getMessage());
    }
    ImportOptions options =
        base.options().withPreserveMode(preserveMode).withPreserveMtime(preserveMtime);
    try {
      if (cidVersion != null) {
        options = options.withCidVersion(cidVersion);
        if (cidVersion == 1 && rawLeaves == null) {
          options = options.withRawLeaves(true);
        }
      }
      if (rawLeaves != null) {
        options = options.withRawLeaves(rawLeaves);
      }
      if (chunkSize != null) {
        long bytes = ByteSize.parse(chunkSize).bytes();
        if (bytes > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("chunk size " + chunkSize + " is too large");
        }
        options = options.withChunkSize((int) bytes);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    return options;
  }

  /** The bytes of file content under {@code path}, for the progress bar. */
  private long inputBytes(Path path) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile()) {
              total[0] += attributes.size();
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }
}
