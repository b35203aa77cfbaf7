package org.pinring.crdt;

/** A bootstrap from a checkpoint failed; the replica is empty again. */
public final class BootstrapException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BootstrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
