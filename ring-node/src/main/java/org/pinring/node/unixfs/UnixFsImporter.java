package org.pinring.node.unixfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;

/**
 * Turns bytes, files and directory trees into UnixFS DAGs (ipfs/specs UNIXFS.md) whose CIDs equal
 * those of the js importer ({@code ipfs-unixfs-importer}, which Helia uses) and kubo for the same
 * input and settings; see {@link ImportPreset}.
 *
 * <p>Blocks go to a {@link BlockSink} as they are made; the sink is flushed before a method
 * returns, so a returned CID's DAG is completely stored. Memory stays bounded for any file size
 * (one or two chunks plus the layout's pending links); a directory tree costs one small record per
 * entry until its directories are written.
 *
 * <p>Directories are read depth first, entries in UTF-8 byte order of their names; symbolic links
 * become UnixFS symlinks (never followed); names starting with a dot are skipped unless hidden
 * files are included, as {@code ipfs add -r} does. Not thread-safe: one import at a time per
 * importer.
 */
public final class UnixFsImporter {

  private final ImportOptions options;
  private final BlockSink sink;
  private final ImportListener listener;
  private final UnixFsNodes nodes;
  private final LeafBuffers leafBuffers;

  public UnixFsImporter(ImportOptions options, BlockSink sink, ImportListener listener) {
    this.options = Objects.requireNonNull(options, "options");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nodes = new UnixFsNodes(options);
    this.leafBuffers = new LeafBuffers(nodes.fullLeafLength());
  }

  public UnixFsImporter(ImportOptions options, BlockSink sink) {
    this(options, sink, ImportListener.NONE);
  }

  /** Imports {@code bytes} as one file; returns its root CID. */
  public Cid importBytes(byte[] bytes) {
    try {
      return importStream(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new AssertionError("a byte array does not fail", e);
    }
  }

  /** Imports the stream, read to its end (not closed), as one file; returns its root CID. */
  public Cid importStream(InputStream in) throws IOException {
    return importStream(in, EntryMetadata.NONE);
  }

  /** Imports the stream as one file with the given metadata; returns its root CID. */
  public Cid importStream(InputStream in, EntryMetadata metadata) throws IOException {
    UnixFsNodes.Child root = fileImporter().importFile(Channels.newChannel(in), metadata);
    sink.flush();
    return root.cid();
  }

  /**
   * Imports a file, symbolic link or (with {@code recursive}) directory tree.
   *
   * @param includeHidden whether to import entries whose name starts with a dot inside a tree
   * @return the root CID
   * @throws IllegalArgumentException for a directory without {@code recursive}, or a special file
   */
  public Cid importPath(Path path, boolean recursive, boolean includeHidden) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    BasicFileAttributes attributes =
        Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String name = absolute.getFileName() == null ? "root" : absolute.getFileName().toString();
    Cid cid;
    if (attributes.isDirectory()) {
      if (!recursive) {
        throw new IllegalArgumentException(path + " is a directory; add it with --recursive");
      }
      DirectoryTree tree =
          new DirectoryTree(nodes, sink, listener, options.shardSplitThresholdBytes());
      walk(tree, absolute, new ArrayList<>(List.of(name)), includeHidden);
      cid = tree.finish(name).cid();
    } else {
      cid = importEntry(absolute, attributes).cid();
      listener.entryImported(name, cid);
    }
    sink.flush();
    return cid;
  }

  /**
   * Starts a directory tree named {@code rootName} whose entries are handed over one by one (see
   * {@link TreeImport} for the order that gives the same CIDs as {@link #importPath}).
   *
   * @throws IllegalArgumentException if {@code rootName} is not a valid entry name
   */
  public TreeImport importTree(String rootName) {
    return importTree(rootName, EntryMetadata.NONE);
  }

  /** As {@link #importTree(String)}, the root directory carrying {@code rootMetadata}. */
  public TreeImport importTree(String rootName, EntryMetadata rootMetadata) {
    return new TreeImport(options, sink, listener, nodes, leafBuffers, rootName, rootMetadata);
  }

  private FileImporter fileImporter() {
    return new FileImporter(options, nodes, leafBuffers, sink, listener);
  }

  private void walk(DirectoryTree tree, Path directory, List<String> components, boolean hidden)
      throws IOException {
    tree.addDirectory(components, metadataOf(directory));
    for (Path child : sortedChildren(directory, hidden)) {
      components.add(child.getFileName().toString());
      BasicFileAttributes attributes =
          Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isDirectory()) {
        walk(tree, child, components, hidden);
      } else {
        DirectoryTree.Entry entry = importEntry(child, attributes);
        tree.add(List.copyOf(components), entry);
        listener.entryImported(String.join("/", components), entry.cid());
      }
      components.remove(components.size() - 1);
    }
  }

  private DirectoryTree.Entry importEntry(Path path, BasicFileAttributes attributes)
      throws IOException {
    EntryMetadata metadata = metadataOf(path);
    if (attributes.isSymbolicLink()) {
      String target = Files.readSymbolicLink(path).toString();
      Block block = nodes.symlink(target, metadata);
      sink.put(block);
      return new DirectoryTree.Entry(block.cid(), block.size(), null, metadata);
    }
    if (!attributes.isRegularFile()) {
      throw new IllegalArgumentException(path + " is not a regular file, directory or symlink");
    }
    UnixFsNodes.Child root;
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      root = fileImporter().importFile(in, metadata);
    }
    return new DirectoryTree.Entry(root.cid(), root.tsize(), null, metadata);
  }

  private static List<Path> sortedChildren(Path directory, boolean includeHidden)
      throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        if (includeHidden || !child.getFileName().toString().startsWith(".")) {
          children.add(child);
        }
      }
    }
    children.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
    return children;
  }

  private EntryMetadata metadataOf(Path path) throws IOException {
    return EntryMetadata.read(path, options.preserveMode(), options.preserveMtime());
  }
}
