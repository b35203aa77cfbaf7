package org.pinring.crdt.kv;

/** The storage under a {@link KeyValueStore} failed (I/O error, corruption, closed store). */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
