package org.pinring.node.unixfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.MissingBlockException;

/**
 * Reads UnixFS DAGs out of a block store: file bytes (whole or a byte range), directory listings
 * (flat and HAMT-sharded), paths below a root, and whole trees onto the local file system.
 *
 * <p>Every block is verified against its CID as it is read (the store does that), and every
 * structure against UnixFS's rules: a file's block sizes must match its links and its children,
 * directory entry names must be safe to write, and traversals stay within {@link DagLimits} and
 * {@link #MAX_FILE_DEPTH}. Bytes are streamed: memory is a few blocks per level, not the file.
 *
 * <p>Thread-safe if the store is (it keeps no state between calls).
 */
public final class UnixFsExporter {

  /** Deepest file DAG read: a balanced layout of width 2 over 2^64 chunks is 64 levels. */
  public static final int MAX_FILE_DEPTH = 64;

  private final BlockStore store;
  private final DagLimits limits;

  public UnixFsExporter(BlockStore store, DagLimits limits) {
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The entry at {@code path} below {@code root} ({@code ""} or {@code "/"} for the root itself).
   *
   * @throws PathNotFoundException if a component does not exist or is not a directory
   * @throws MissingBlockException if a block on the way is not stored
   * @throws InvalidUnixFsException if a node on the way is not valid UnixFS
   */
  public UnixFsEntry resolve(Cid root, String path) {
    UnixFsNode current = UnixFsNode.load(store, root);
    String name = "";
    long dagSize = -1;
    StringBuilder walked = new StringBuilder(root.toString());
    for (String component : path.split("/", -1)) {
      if (component.isEmpty()) {
        continue;
      }
      if (current.isSymlink()) {
        throw new PathNotFoundException(walked + " is a symlink; links are not followed");
      }
      if (!current.isDirectory() && !current.isShard()) {
        throw new PathNotFoundException(walked + " is not a directory");
      }
      PbLink link =
          current.isShard()
              ? HamtReader.find(store, current, component, limits)
              : findFlat(current, component);
      if (link == null) {
        throw new PathNotFoundException("no entry '" + component + "' in " + walked);
      }
      walked.append('/').append(component);
      name = component;
      dagSize = link.tsize().orElse(-1);
      current = UnixFsNode.load(store, link.hash());
    }
    return entryOf(name, current, dagSize);
  }

  private static PbLink findFlat(UnixFsNode directory, String name) {
    for (PbLink link : directory.node.links()) {
      if (link.nameOrEmpty().equals(name)) {
        return link;
      }
    }
    return null;
  }

  private static UnixFsEntry entryOf(String name, UnixFsNode node, long dagSize) {
    UnixFsEntry.Kind kind = node.kind();
    long size = kind == UnixFsEntry.Kind.FILE ? node.fileSize() : 0;
    return new UnixFsEntry(name, node.cid, kind, size, dagSize);
  }

  /**
   * The entries of the directory {@code cid} (flat or sharded), in name order, each with its kind
   * and size (which reads each entry's root block).
   *
   * @throws InvalidUnixFsException if {@code cid} is not a directory or an entry is invalid
   */
  public List<UnixFsEntry> list(Cid cid) {
    UnixFsNode directory = UnixFsNode.load(store, cid);
    List<UnixFsEntry> entries = new ArrayList<>();
    forEachLink(
        directory,
        link -> {
          UnixFsNode child = UnixFsNode.load(store, link.hash());
          entries.add(entryOf(link.nameOrEmpty(), child, link.tsize().orElse(-1)));
        });
    entries.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.name().getBytes(StandardCharsets.UTF_8),
                b.name().getBytes(StandardCharsets.UTF_8)));
    return entries;
  }

  /** Calls {@code action} with each entry link of a directory (names without shard prefixes). */
  private void forEachLink(UnixFsNode directory, Consumer<PbLink> action) {
    if (directory.isShard()) {
      HamtReader.forEach(store, directory, limits, action);
    } else if (directory.isDirectory()) {
      long count = 0;
      for (PbLink link : directory.node.links()) {
        if (++count > limits.maxBlocks()) {
          throw new InvalidUnixFsException(directory.cid, "directory has too many entries");
        }
        action.accept(link);
      }
    } else {
      throw new InvalidUnixFsException(directory.cid, "not a directory");
    }
  }

  /**
   * Writes {@code length} bytes of the file {@code cid} from {@code offset} (fewer if the file ends
   * first) to {@code out}.
   *
   * @return the number of bytes written
   * @throws InvalidUnixFsException if {@code cid} is not a file or its DAG is inconsistent
   */
  public long cat(Cid cid, long offset, long length, OutputStream out) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    UnixFsNode root = UnixFsNode.load(store, cid);
    if (!root.isFile()) {
      throw new InvalidUnixFsException(
          cid, "not a file but a " + root.kind().name().toLowerCase(Locale.ROOT));
    }
    long size = root.fileSize();
    if (offset >= size) {
      return 0;
    }
    long wanted = Math.min(length, size - offset);
    new FileReader(store, out).read(root, offset, wanted, size, 0);
    return wanted;
  }

  /** The whole file. */
  public long cat(Cid cid, OutputStream out) throws IOException {
    return cat(cid, 0, Long.MAX_VALUE, out);
  }

  /**
   * Writes the entry {@code cid} to {@code destination}, which must not exist: a file, a symlink
   * (created as is, never followed), or a directory tree.
   *
   * @throws java.nio.file.FileAlreadyExistsException if something already exists there
   * @throws InvalidUnixFsException for an entry name that is not a plain file name
   */
  public void get(Cid cid, Path destination) throws IOException {
    new TreeWriter(destination).write(UnixFsNode.load(store, cid), destination, 0);
  }

  /** Writes entries below a destination, counting them against the limits. */
  private final class TreeWriter {
    private final Path top;
    private long entries;

    TreeWriter(Path top) {
      this.top = top;
    }

    void write(UnixFsNode node, Path target, int depth) throws IOException {
      if (depth > limits.maxDepth()) {
        throw new InvalidUnixFsException(
            node.cid, "directory tree deeper than " + limits.maxDepth());
      }
      if (++entries > limits.maxBlocks()) {
        throw new InvalidUnixFsException(node.cid, "more than " + limits.maxBlocks() + " entries");
      }
      if (node.isFile()) {
        try (OutputStream out =
            Files.newOutputStream(
                target,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
          long size = node.fileSize();
          new FileReader(store, out).read(node, 0, size, size, 0);
        }
      } else if (node.isSymlink()) {
        Files.createSymbolicLink(target, symlinkTarget(node));
      } else {
        Files.createDirectory(target);
        List<PbLink> links = new ArrayList<>();
        forEachLink(node, links::add);
        for (PbLink link : links) {
          String name = safeName(node, link.nameOrEmpty());
          write(UnixFsNode.load(store, link.hash()), target.resolve(name), depth + 1);
        }
      }
    }

    /** The target as a path; one the file system cannot hold (a NUL byte) is refused. */
    private Path symlinkTarget(UnixFsNode symlink) {
      String text = symlink.symlinkTarget();
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        throw new InvalidUnixFsException(
            symlink.cid, "symlink target '" + text + "' is not a valid path: " + e.getReason());
      }
    }

    private String safeName(UnixFsNode directory, String name) {
      if (name.isEmpty()
          || name.equals(".")
          || name.equals("..")
          || name.indexOf('/') >= 0
          || name.indexOf('\0') >= 0) {
        throw new InvalidUnixFsException(
            directory.cid, "unsafe entry name '" + name + "' refused (writing under " + top + ")");
      }
      return name;
    }
  }
}
