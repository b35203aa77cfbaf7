package org.pinring.threshold;

/**
 * Bytes that do not decode to the expected value: a non-canonical scalar or point, the identity or
 * a point outside the prime-order subgroup where a group element is required, a CBOR structure of
 * the wrong shape, version or size.
 */
public final class MalformedInputException extends FrostException {

  private static final long serialVersionUID = 1L;

  public MalformedInputException(String message) {
    super(message);
  }

  public MalformedInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
