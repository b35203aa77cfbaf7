package org.pinring.threshold;

/**
 * A key-share file cannot be used: wrong passphrase, damaged or tampered contents, unsupported
 * parameters, or permissions that let others read it.
 */
public final class KeyFileException extends FrostException {

  private static final long serialVersionUID = 1L;

  public KeyFileException(String message) {
    super(message);
  }

  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
