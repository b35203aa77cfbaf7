package org.pinring.node.blockstore;

/** A block larger than {@link BlockStore#MAX_BLOCK_BYTES}, refused before its body is read. */
public final class BlockTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BlockTooLargeException(String what, long size) {
    super(
        what
            + " is "
            + size
            + " bytes, more than the block limit of "
            + BlockStore.MAX_BLOCK_BYTES
            + " bytes");
  }
}
