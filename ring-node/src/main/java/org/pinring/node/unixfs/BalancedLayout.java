package org.pinring.node.unixfs;

import java.util.ArrayList;
import java.util.List;
import org.pinring.node.blockstore.Block;

/**
 * The balanced layout, streaming: leaves arrive one at a time; whenever a level holds {@code
 * maxChildren} nodes they become one parent on the level above. At the end each partial level is
 * folded upwards the same way until a single root remains. This builds exactly the tree of the js
 * importer's {@code balanced()} layout (batch all leaves by the width, then the parents, and so on)
 * while holding at most {@code maxChildren} links per level in memory. A file of one chunk is its
 * own root.
 *
 * <p>Not thread-safe.
 */
final class BalancedLayout {

  private final UnixFsNodes nodes;
  private final BlockSink sink;
  private final int maxChildren;
  private final EntryMetadata metadata;
  private final List<List<UnixFsNodes.Child>> levels = new ArrayList<>();

  BalancedLayout(UnixFsNodes nodes, BlockSink sink, int maxChildren, EntryMetadata metadata) {
    this.nodes = nodes;
    this.sink = sink;
    this.maxChildren = maxChildren;
    this.metadata = metadata;
  }

  void addLeaf(UnixFsNodes.Child leaf) {
    add(0, leaf);
  }

  private void add(int level, UnixFsNodes.Child child) {
    while (levels.size() <= level) {
      levels.add(new ArrayList<>(Math.min(maxChildren, 64)));
    }
    List<UnixFsNodes.Child> nodesOfLevel = levels.get(level);
    nodesOfLevel.add(child);
    if (nodesOfLevel.size() == maxChildren) {
      UnixFsNodes.Child parent = reduce(nodesOfLevel);
      nodesOfLevel.clear();
      add(level + 1, parent);
    }
  }

  /** Folds the partial levels; returns the root. There must have been at least one leaf. */
  UnixFsNodes.Child finish() {
    for (int level = 0; level < levels.size(); level++) {
      List<UnixFsNodes.Child> nodesOfLevel = levels.get(level);
      boolean higher = false;
      for (int above = level + 1; above < levels.size(); above++) {
        higher |= !levels.get(above).isEmpty();
      }
      if (!higher && nodesOfLevel.size() == 1) {
        return nodesOfLevel.get(0);
      }
      if (nodesOfLevel.isEmpty()) {
        continue;
      }
      UnixFsNodes.Child parent = reduce(nodesOfLevel);
      nodesOfLevel.clear();
      add(level + 1, parent);
    }
    throw new IllegalStateException("a file has at least one leaf");
  }

  /** Links held in memory right now: at most {@code maxChildren - 1} per level between adds. */
  int pendingLinks() {
    int pending = 0;
    for (List<UnixFsNodes.Child> level : levels) {
      pending += level.size();
    }
    return pending;
  }

  private UnixFsNodes.Child reduce(List<UnixFsNodes.Child> children) {
    Block block = nodes.fileNode(children, metadata);
    sink.put(block);
    long tsize = block.size();
    long fileBytes = 0;
    for (UnixFsNodes.Child child : children) {
      tsize += child.tsize();
      fileBytes += child.fileBytes();
    }
    return new UnixFsNodes.Child(block.cid(), tsize, fileBytes);
  }
}
