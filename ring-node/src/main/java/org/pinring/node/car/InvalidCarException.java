package org.pinring.node.car;

import org.pinring.multiformats.MultiformatException;

/** A CAR stream that breaks the CARv1 format or PinRing's limits on it. */
public final class InvalidCarException extends MultiformatException {

  private static final long serialVersionUID = 1L;

  public InvalidCarException(String message) {
    super(message);
  }

  public InvalidCarException(String message, Throwable cause) {
    super(message, cause);
  }
}
