package org.pinring.node.unixfs;

import org.pinring.node.blockstore.Block;

/**
 * Where an importer sends the blocks it makes: a block store session, a parallel writer in front of
 * one, or nowhere ({@code --only-hash}).
 */
@FunctionalInterface
public interface BlockSink {

  /** Takes a block; may store it later, but failures surface no later than {@link #flush()}. */
  void put(Block block);

  /**
   * Takes a block and, if the sink can tell, runs {@code released} once it no longer needs the
   * block's bytes, so the importer may reuse the array for the next chunk. The default never runs
   * it (the importer then allocates a fresh array), which is always safe; {@link
   * ParallelBlockWriter} runs it after the block is stored or its write failed, {@link
   * #discarding()} at once.
   */
  default void put(Block block, Runnable released) {
    put(block);
  }

  /**
   * Whether {@link #put(Block, Runnable)} runs its {@code released}. An importer hands such a sink
   * leaves whose bytes live in its reusable direct buffers; any other sink gets on-heap copies, so
   * that a buffer is never reused under a block the sink may still hold, nor allocated anew per
   * chunk.
   */
  default boolean releasesBlocks() {
    return false;
  }

  /** Returns once every block put so far is stored, or throws the first failure. */
  default void flush() {}

  /** A sink that drops every block: for computing CIDs only. */
  static BlockSink discarding() {
    return new BlockSink() {
      @Override
      public void put(Block block) {}

      @Override
      public void put(Block block, Runnable released) {
        released.run();
      }

      @Override
      public boolean releasesBlocks() {
        return true;
      }
    };
  }
}
