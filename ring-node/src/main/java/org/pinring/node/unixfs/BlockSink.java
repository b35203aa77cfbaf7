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

  /** Returns once every block put so far is stored, or throws the first failure. */
  default void flush() {}

  /** A sink that drops every block: for computing CIDs only. */
  static BlockSink discarding() {
    return block -> {};
  }
}
