package org.pinring.threshold;

/**
 * Base of every error the threshold module reports for bad input or a failed protocol step. The
 * message says what was wrong in terms a user or operator can act on; it never contains secret
 * values.
 */
public class FrostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FrostException(String message) {
    super(message);
  }

  public FrostException(String message, Throwable cause) {
    super(message, cause);
  }
}
