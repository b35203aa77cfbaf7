package org.pinring.crdt;

/**
 * A block that is not a valid delta (or snapshot block) of this format: malformed or non-canonical
 * DAG-CBOR, an unknown or missing field, a value out of its bounds. The message says which.
 */
public final class InvalidDeltaException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidDeltaException(String message) {
    super(message);
  }

  public InvalidDeltaException(String message, Throwable cause) {
    super(message, cause);
  }
}
