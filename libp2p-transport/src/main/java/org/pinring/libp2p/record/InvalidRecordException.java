package org.pinring.libp2p.record;

/**
 * Bytes that should hold a signed envelope or a peer record are malformed, exceed a limit, carry
 * the wrong payload type, or fail signature or signer checks. The only exception the decoders and
 * {@link SignedPeerRecord#open} throw for bad input.
 */
public final class InvalidRecordException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String message) {
    super(message);
  }

  public InvalidRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
