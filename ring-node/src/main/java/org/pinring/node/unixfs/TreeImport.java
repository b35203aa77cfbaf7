package org.pinring.node.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;

/**
 * A directory tree imported from entries handed over one by one, rather than read from disk: what
 * the daemon builds from a multipart {@code /add}. Entries must arrive in the order {@link
 * UnixFsImporter#importPath} walks a tree (depth first, a directory before what is inside it,
 * siblings in UTF-8 byte order of their names) for the root CID to equal that of importing the same
 * tree from disk; other orders give a valid tree whose sharded directories may differ.
 *
 * <p>Paths are relative to the root directory, as lists of names. Not thread-safe.
 */
public final class TreeImport {

  private final ImportOptions options;
  private final BlockSink sink;
  private final ImportListener listener;
  private final UnixFsNodes nodes;
  private final LeafBuffers leafBuffers;
  private final DirectoryTree tree;
  private final String rootName;
  private boolean finished;

  TreeImport(
      ImportOptions options,
      BlockSink sink,
      ImportListener listener,
      UnixFsNodes nodes,
      LeafBuffers leafBuffers,
      String rootName,
      EntryMetadata rootMetadata) {
    this.options = options;
    this.sink = sink;
    this.listener = listener;
    this.nodes = nodes;
    this.leafBuffers = leafBuffers;
    this.rootName = checkedName(rootName);
    this.tree = new DirectoryTree(nodes, sink, listener, options.shardSplitThresholdBytes());
    tree.addDirectory(List.of(this.rootName), rootMetadata);
  }

  /** Adds an (so far empty) directory without metadata. */
  public void addDirectory(List<String> path) {
    addDirectory(path, EntryMetadata.NONE);
  }

  /** Adds an (so far empty) directory with {@code metadata}. */
  public void addDirectory(List<String> path, EntryMetadata metadata) {
    tree.addDirectory(components(path), metadata);
  }

  /** Imports {@code in}, read to its end (not closed), as the file at {@code path}. */
  public Cid addFile(List<String> path, InputStream in) throws IOException {
    return addFile(path, in, EntryMetadata.NONE);
  }

  /** Imports {@code in}, read to its end (not closed), as the file at {@code path}. */
  public Cid addFile(List<String> path, InputStream in, EntryMetadata metadata) throws IOException {
    List<String> components = components(path);
    UnixFsNodes.Child root =
        new FileImporter(options, nodes, leafBuffers, sink, listener)
            .importFile(Channels.newChannel(in), metadata);
    tree.add(components, new DirectoryTree.Entry(root.cid(), root.tsize(), null, metadata));
    listener.entryImported(String.join("/", components), root.cid());
    return root.cid();
  }

  /** Adds a symbolic link at {@code path} pointing to {@code target}. */
  public Cid addSymlink(List<String> path, String target) {
    return addSymlink(path, target, EntryMetadata.NONE);
  }

  /** Adds a symbolic link at {@code path} pointing to {@code target}, with {@code metadata}. */
  public Cid addSymlink(List<String> path, String target, EntryMetadata metadata) {
    List<String> components = components(path);
    Block block = nodes.symlink(target, metadata);
    sink.put(block);
    tree.add(components, new DirectoryTree.Entry(block.cid(), block.size(), null, metadata));
    listener.entryImported(String.join("/", components), block.cid());
    return block.cid();
  }

  /** Writes the directories and returns the root's CID; the sink is flushed. */
  public Cid finish() {
    if (finished) {
      throw new IllegalStateException("the tree is already finished");
    }
    finished = true;
    Cid cid = tree.finish(rootName).cid();
    sink.flush();
    return cid;
  }

  private List<String> components(List<String> path) {
    if (finished) {
      throw new IllegalStateException("the tree is already finished");
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("an entry needs a path below the root directory");
    }
    List<String> out = new ArrayList<>(path.size() + 1);
    out.add(rootName);
    for (String name : path) {
      out.add(checkedName(name));
    }
    return out;
  }

  /** A name UnixFS can hold and that cannot climb out of a directory when written to disk. */
  private static String checkedName(String name) {
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid entry name '" + name + "'");
    }
    return name;
  }
}
