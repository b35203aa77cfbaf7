package org.pinring.node.unixfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.node.blockstore.Block;

/**
 * Builds directories from imported entries exactly as the js importer's tree builder does, so
 * directory CIDs agree, including when a directory becomes a HAMT shard:
 *
 * <ul>
 *   <li>entries arrive in order, each with its path; a directory entry (its own empty node) is
 *       replaced by a directory under construction when something is added inside it;
 *   <li>a flat directory's size estimate is the sum, over its finished entries (files, symlinks,
 *       empty directories; not directories under construction), of name bytes plus CID bytes (the
 *       js {@code links-bytes} strategy, after go-unixfsnode); after every addition the parent and
 *       each ancestor whose estimate exceeds the threshold becomes a HAMT shard, for good;
 *   <li>at the end directories are written bottom-up, links sorted by name bytes.
 * </ul>
 *
 * <p>One deliberate difference: when a directory becomes a shard, every subdirectory under
 * construction is re-attached to the shard. The js builder re-attaches only the one on the current
 * path; with entries in depth-first order (what {@link UnixFsImporter} produces) the results are
 * the same.
 *
 * <p>Not thread-safe.
 */
final class DirectoryTree {

  /**
   * A finished entry: a file, symlink or empty directory.
   *
   * @param cid its root
   * @param size its cumulative size, the Tsize of links to it
   * @param deferredBlock a node not written yet (an empty directory's, written only if it stays
   *     empty), or null
   * @param metadata its metadata, which a directory replacing it inherits
   */
  record Entry(Cid cid, long size, Block deferredBlock, EntryMetadata metadata) {}

  private final UnixFsNodes nodes;
  private final BlockSink sink;
  private final ImportListener listener;
  private final long threshold;
  private final Dir root;

  DirectoryTree(UnixFsNodes nodes, BlockSink sink, ImportListener listener, long threshold) {
    this.nodes = nodes;
    this.sink = sink;
    this.listener = listener;
    this.threshold = threshold;
    this.root = new FlatDir(null, "", "", EntryMetadata.NONE);
  }

  /**
   * Adds an entry at {@code components} (non-empty). Its directories are created as needed, with
   * the metadata of the directory entries added for them earlier.
   */
  void add(List<String> components, Entry entry) {
    Dir parent = root;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < components.size() - 1; i++) {
      String name = components.get(i);
      path.append(path.length() == 0 ? "" : "/").append(name);
      Object existing = parent.get(name);
      Dir dir;
      if (existing instanceof Dir found) {
        dir = found;
      } else {
        EntryMetadata metadata =
            existing instanceof Entry replaced ? replaced.metadata() : EntryMetadata.NONE;
        dir = new FlatDir(parent, name, path.toString(), metadata);
      }
      parent.put(name, dir);
      parent = dir;
    }
    String last = components.get(components.size() - 1);
    parent.put(last, entry);
    flatToShard(null, parent);
  }

  /** Adds a directory entry: its empty node is written only if nothing is added inside it. */
  void addDirectory(List<String> components, EntryMetadata metadata) {
    Block empty = nodes.directory(List.of(), metadata);
    add(components, new Entry(empty.cid(), empty.size(), empty, metadata));
  }

  private void flatToShard(Dir child, Dir dir) {
    Dir current = dir;
    if (dir instanceof FlatDir flat && flat.estimate > threshold) {
      current = flat.toShard();
    }
    Dir parent = current.parent;
    if (parent == null) {
      return;
    }
    if (current != dir) {
      if (child != null) {
        child.parent = current;
      }
      parent.put(current.parentKey, current);
    }
    flatToShard(current, parent);
  }

  /**
   * Writes every directory under the entry at {@code name} of the root, bottom-up, and returns the
   * entry's CID and cumulative size. {@code name} is the first path component of every entry.
   */
  Entry finish(String name) {
    Object top = root.get(name);
    if (top instanceof Dir dir) {
      return dir.flush();
    }
    if (top instanceof Entry entry) {
      writeDeferred(entry);
      return entry;
    }
    throw new IllegalStateException("nothing was added under " + name);
  }

  private void writeDeferred(Entry entry) {
    if (entry.deferredBlock() != null) {
      sink.put(entry.deferredBlock());
    }
  }

  private static int utf8Length(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A directory under construction. */
  private abstract class Dir {
    Dir parent;
    final String parentKey;
    final String path;
    final EntryMetadata metadata;

    Dir(Dir parent, String parentKey, String path, EntryMetadata metadata) {
      this.parent = parent;
      this.parentKey = parentKey;
      this.path = path;
      this.metadata = metadata;
    }

    abstract Object get(String name);

    abstract void put(String name, Object child);

    /** Writes this directory (and what is under it); reports it to the listener. */
    abstract Entry flush();

    /** Resolves a child to a link: directories are flushed first, deferred nodes written. */
    PbLink link(String linkName, Object child) {
      Entry entry;
      if (child instanceof Dir dir) {
        entry = dir.flush();
      } else {
        entry = (Entry) child;
        writeDeferred(entry);
      }
      return PbLink.of(entry.cid(), linkName, entry.size());
    }

    Entry written(Block block, List<PbLink> links) {
      sink.put(block);
      listener.entryImported(path, block.cid());
      return new Entry(block.cid(), UnixFsNodes.cumulativeSize(block, links), null, metadata);
    }
  }

  private final class FlatDir extends Dir {
    private final LinkedHashMap<String, Object> children = new LinkedHashMap<>();
    long estimate;

    FlatDir(Dir parent, String parentKey, String path, EntryMetadata metadata) {
      super(parent, parentKey, path, metadata);
    }

    @Override
    Object get(String name) {
      return children.get(name);
    }

    @Override
    void put(String name, Object child) {
      estimate -= estimateOf(name, children.get(name));
      estimate += estimateOf(name, child);
      children.put(name, child); // an existing key keeps its position, as in a js Map
    }

    private long estimateOf(String name, Object child) {
      return child instanceof Entry entry ? utf8Length(name) + entry.cid().encodedLength() : 0;
    }

    ShardedDir toShard() {
      ShardedDir shard = new ShardedDir(parent, parentKey, path, metadata);
      for (Map.Entry<String, Object> child : children.entrySet()) {
        shard.put(child.getKey(), child.getValue());
        if (child.getValue() instanceof Dir dir) {
          dir.parent = shard;
        }
      }
      return shard;
    }

    @Override
    Entry flush() {
      List<PbLink> links = new ArrayList<>(children.size());
      for (Map.Entry<String, Object> child : children.entrySet()) {
        links.add(link(child.getKey(), child.getValue()));
      }
      return written(nodes.directory(links, metadata), links);
    }
  }

  private final class ShardedDir extends Dir {
    private final Bucket bucket = new Bucket();

    ShardedDir(Dir parent, String parentKey, String path, EntryMetadata metadata) {
      super(parent, parentKey, path, metadata);
    }

    @Override
    Object get(String name) {
      return bucket.get(new HamtHash(name), name, 0);
    }

    @Override
    void put(String name, Object child) {
      bucket.put(new Leaf(name, new HamtHash(name), child), 0);
    }

    @Override
    Entry flush() {
      Entry entry = flushBucket(bucket, metadata);
      listener.entryImported(path, entry.cid());
      return entry;
    }

    private Entry flushBucket(Bucket node, EntryMetadata shardMetadata) {
      List<PbLink> links = new ArrayList<>();
      for (int i = 0; i < HamtHash.FANOUT; i++) {
        Object child = node.children[i];
        if (child instanceof Bucket sub) {
          Entry subShard = flushBucket(sub, EntryMetadata.NONE);
          links.add(PbLink.of(subShard.cid(), HamtHash.label(i), subShard.size()));
        } else if (child instanceof Leaf leaf) {
          links.add(link(HamtHash.label(i) + leaf.name, leaf.value));
        }
      }
      Block block = nodes.shard(links, node.bitfield(), HamtHash.FANOUT, shardMetadata);
      sink.put(block);
      return new Entry(block.cid(), UnixFsNodes.cumulativeSize(block, links), null, shardMetadata);
    }
  }

  /** A HAMT leaf: an entry name, its hash, and the entry or directory under construction. */
  private record Leaf(String name, HamtHash hash, Object value) {}

  /** A HAMT node with 256 positions, each empty, a leaf, or a deeper bucket. */
  private static final class Bucket {
    final Object[] children = new Object[HamtHash.FANOUT];

    void put(Leaf leaf, int depth) {
      int index = leaf.hash().index(depth);
      Object existing = children[index];
      if (existing == null) {
        children[index] = leaf;
      } else if (existing instanceof Leaf other && other.name().equals(leaf.name())) {
        children[index] = leaf;
      } else if (existing instanceof Leaf other) {
        // Two names share this position: both move one level down.
        Bucket sub = new Bucket();
        children[index] = sub;
        sub.put(other, depth + 1);
        sub.put(leaf, depth + 1);
      } else {
        ((Bucket) existing).put(leaf, depth + 1);
      }
    }

    Object get(HamtHash hash, String name, int depth) {
      Object child = children[hash.index(depth)];
      if (child instanceof Bucket sub) {
        return sub.get(hash, name, depth + 1);
      }
      return child instanceof Leaf leaf && leaf.name().equals(name) ? leaf.value() : null;
    }

    /**
     * The occupied positions as a big-endian bit field (bit i for position i) without leading zero
     * bytes, as go-unixfs and the js importer write it.
     */
    byte[] bitfield() {
      byte[] littleEndian = new byte[HamtHash.FANOUT / 8];
      for (int i = 0; i < HamtHash.FANOUT; i++) {
        if (children[i] != null) {
          littleEndian[i / 8] |= (byte) (1 << (i % 8));
        }
      }
      int last = littleEndian.length - 1;
      while (last > 0 && littleEndian[last] == 0) {
        last--;
      }
      byte[] out = new byte[last + 1];
      for (int i = 0; i <= last; i++) {
        out[i] = littleEndian[last - i];
      }
      return out;
    }
  }
}
