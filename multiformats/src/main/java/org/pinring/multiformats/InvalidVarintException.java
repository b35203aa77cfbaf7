package org.pinring.multiformats;

/** Input that is not an unsigned varint. */
public final class InvalidVarintException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidVarintException(String message) {
    super(message);
  }

  public InvalidVarintException(String message, Throwable cause) {
    super(message, cause);
  }
}
