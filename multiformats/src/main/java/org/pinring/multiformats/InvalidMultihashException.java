package org.pinring.multiformats;

/** Input that is not a multihash. */
public final class InvalidMultihashException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidMultihashException(String message) {
    super(message);
  }

  public InvalidMultihashException(String message, Throwable cause) {
    super(message, cause);
  }
}
