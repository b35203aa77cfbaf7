package org.pinring.multiformats;

/** Input that is not a multibase string. */
public final class InvalidMultibaseException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidMultibaseException(String message) {
    super(message);
  }

  public InvalidMultibaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
