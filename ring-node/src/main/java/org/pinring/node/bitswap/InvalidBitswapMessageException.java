package org.pinring.node.bitswap;

/** A Bitswap message, frame or block payload that is malformed or exceeds a limit. */
public final class InvalidBitswapMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidBitswapMessageException(String message) {
    super(message);
  }

  public InvalidBitswapMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
