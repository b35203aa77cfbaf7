package org.pinring.threshold;

/**
 * Well-formed values that break a protocol rule: an unsorted or duplicated commitment list, a list
 * without this signer's commitment, too few signers, an identifier that is not a member, mismatched
 * thresholds, a nonce that was already used.
 */
public final class ProtocolViolationException extends FrostException {

  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message) {
    super(message);
  }
}
