package org.pinring.node.bitswap;

/** A fetch that cannot complete: no peer has a block, too many attempts, or no peers. */
public final class FetchFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FetchFailedException(String message) {
    super(message);
  }
}
