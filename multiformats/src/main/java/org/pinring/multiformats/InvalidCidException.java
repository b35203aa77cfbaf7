package org.pinring.multiformats;

/** Input that is not a CID. */
public final class InvalidCidException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidCidException(String message) {
    super(message);
  }

  public InvalidCidException(String message, Throwable cause) {
    super(message, cause);
  }
}
