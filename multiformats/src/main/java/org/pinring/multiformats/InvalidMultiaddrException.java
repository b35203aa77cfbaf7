package org.pinring.multiformats;

/** Input that is not a multiaddr. */
public final class InvalidMultiaddrException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidMultiaddrException(String message) {
    super(message);
  }

  public InvalidMultiaddrException(String message, Throwable cause) {
    super(message, cause);
  }
}
