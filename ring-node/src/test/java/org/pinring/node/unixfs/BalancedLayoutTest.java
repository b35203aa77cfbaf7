package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pinring.multiformats.Multicodec;
import org.pinring.node.blockstore.Block;

/**
 * The streaming balanced layout against a naive model of the js importer's {@code balanced()}:
 * collect every leaf, batch by the width, reduce each batch, repeat on the parents until one root
 * remains. Same root for any leaf count and width, with memory bounded by the levels' widths.
 */
class BalancedLayoutTest {

  private final UnixFsNodes nodes = new UnixFsNodes(ImportPreset.HELIA.options().withChunkSize(16));

  private static UnixFsNodes.Child leaf(int i) {
    Block block = Block.hash(Multicodec.RAW, 1, new byte[] {(byte) i, (byte) (i >> 8), 1});
    return new UnixFsNodes.Child(block.cid(), block.size(), block.size());
  }

  private UnixFsNodes.Child naive(List<UnixFsNodes.Child> leaves, int width) {
    List<UnixFsNodes.Child> level = leaves;
    if (level.size() == 1) {
      return level.get(0);
    }
    while (true) {
      List<UnixFsNodes.Child> parents = new ArrayList<>();
      for (int i = 0; i < level.size(); i += width) {
        List<UnixFsNodes.Child> batch = level.subList(i, Math.min(level.size(), i + width));
        Block block = nodes.fileNode(batch, EntryMetadata.NONE);
        long tsize = block.size();
        long bytes = 0;
        for (UnixFsNodes.Child child : batch) {
          tsize += child.tsize();
          bytes += child.fileBytes();
        }
        parents.add(new UnixFsNodes.Child(block.cid(), tsize, bytes));
      }
      if (parents.size() == 1) {
        return parents.get(0);
      }
      level = parents;
    }
  }

  @Property(tries = 300)
  void buildsTheSameTreeAsTheNaiveBatching(
      @ForAll @IntRange(min = 1, max = 700) int leafCount,
      @ForAll @IntRange(min = 2, max = 12) int width) {
    List<UnixFsNodes.Child> leaves = new ArrayList<>();
    BalancedLayout layout = new BalancedLayout(nodes, block -> {}, width, EntryMetadata.NONE);
    int levels = 1 + (int) Math.ceil(Math.log(Math.max(leafCount, 2)) / Math.log(width));
    for (int i = 0; i < leafCount; i++) {
      UnixFsNodes.Child leaf = leaf(i);
      leaves.add(leaf);
      layout.addLeaf(leaf);
      assertThat(layout.pendingLinks()).isLessThanOrEqualTo((width - 1) * levels);
    }

    assertThat(layout.finish()).isEqualTo(naive(leaves, width));
  }
}
