package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;

/**
 * The importer reads each chunk into the direct buffer of its leaf and reuses that buffer once the
 * sink releases the leaf: a reused buffer must never change a leaf the sink still holds, and the
 * CIDs must be those of an import that never reuses anything.
 */
class FileImporterTest {

  /**
   * A sink that holds up to {@code held} leaves before it releases the oldest, as a pool of writers
   * does, and checks at release that every held block's bytes still hash to its CID.
   */
  private static final class SlowReleasingSink implements BlockSink {
    private final int held;
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final List<Block> holding = new ArrayList<>();
    int corrupt;
    int onHeapReleasable;

    SlowReleasingSink(int held) {
      this.held = held;
    }

    @Override
    public void put(Block block) {
      check(block);
    }

    @Override
    public void put(Block block, Runnable released) {
      if (!block.isOffHeap()) {
        onHeapReleasable++;
      }
      holding.add(block);
      pending.add(released);
      if (pending.size() > held) {
        holding.forEach(this::check);
        holding.remove(0);
        pending.remove().run();
      }
    }

    @Override
    public boolean releasesBlocks() {
      return true;
    }

    @Override
    public void flush() {
      holding.forEach(this::check);
      holding.clear();
      while (!pending.isEmpty()) {
        pending.remove().run();
      }
    }

    private void check(Block block) {
      try {
        Block.verified(block.cid(), block.data());
      } catch (RuntimeException e) {
        corrupt++;
      }
    }
  }

  @Property(tries = 40)
  void reusedLeafArraysNeverChangeAHeldLeafAndGiveTheSameCids(
      @ForAll @IntRange(min = 0, max = 40_000) int length,
      @ForAll @IntRange(min = 1, max = 5_000) int chunkSize,
      @ForAll boolean rawLeaves,
      @ForAll @IntRange(min = 0, max = 6) int held)
      throws IOException {
    ImportOptions options =
        ImportPreset.KUBO
            .options()
            .withCidVersion(rawLeaves ? 1 : 0)
            .withRawLeaves(rawLeaves)
            .withChunkSize(chunkSize);
    byte[] input = new byte[length];
    for (int i = 0; i < length; i++) {
      input[i] = (byte) (i % 251);
    }
    SlowReleasingSink sink = new SlowReleasingSink(held);
    UnixFsNodes nodes = new UnixFsNodes(options);
    LeafBuffers buffers = new LeafBuffers(nodes.fullLeafLength());

    Cid root =
        new FileImporter(options, nodes, buffers, sink, ImportListener.NONE)
            .importFile(Channels.newChannel(new ByteArrayInputStream(input)), EntryMetadata.NONE)
            .cid();
    sink.flush();

    Cid fresh =
        new UnixFsImporter(options, block -> {}).importStream(new ByteArrayInputStream(input));
    assertThat(root).isEqualTo(fresh);
    assertThat(sink.corrupt).isZero();
    assertThat(sink.onHeapReleasable).as("leaves handed over with a release").isZero();
    int fullChunks = length / chunkSize;
    if (fullChunks > held + 2) {
      // Buffers came back and were reused: far fewer than one per full chunk.
      assertThat(buffers.allocatedCount()).isLessThanOrEqualTo(held + 3);
    }
    // Every buffer is back once the sink let go of everything.
    assertThat(buffers.spareCount()).isEqualTo(buffers.allocatedCount());
  }

  /**
   * A sink that does not release blocks may keep them all: it gets on-heap copies, which stay
   * intact while the importer reads the rest of the file through the same two buffers.
   */
  @Test
  void aSinkThatKeepsBlocksGetsThemOnTheHeap() throws IOException {
    ImportOptions options = ImportPreset.KUBO.options().withChunkSize(1000);
    byte[] input = new byte[20_500];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) (i * 31 + 7);
    }
    List<Block> kept = new ArrayList<>();
    UnixFsNodes nodes = new UnixFsNodes(options);
    LeafBuffers buffers = new LeafBuffers(nodes.fullLeafLength());

    Cid root =
        new FileImporter(options, nodes, buffers, kept::add, ImportListener.NONE)
            .importFile(Channels.newChannel(new ByteArrayInputStream(input)), EntryMetadata.NONE)
            .cid();

    assertThat(kept).hasSizeGreaterThan(20);
    for (Block block : kept) {
      assertThat(block.isOffHeap()).isFalse();
      assertThat(Block.verified(block.cid(), block.data())).isEqualTo(block);
    }
    // The chunk held back and the one read after it: two buffers for the whole file.
    assertThat(buffers.allocatedCount()).isEqualTo(2);
    SlowReleasingSink releasing = new SlowReleasingSink(3);
    assertThat(new UnixFsImporter(options, releasing).importStream(new ByteArrayInputStream(input)))
        .isEqualTo(root);
  }
}
