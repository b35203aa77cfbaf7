package org.pinring.threshold;

import java.util.List;

/**
 * One or more participants sent values that fail verification: a signature share that does not
 * verify against its verifying share (RFC 9591 section 5.4), a DKG proof of knowledge or secret
 * share that does not match the sender's commitment. {@link #culprits()} names them, so the caller
 * can exclude them from future runs.
 */
public final class CheaterDetectedException extends FrostException {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // identifiers are plain values; the list is an immutable copy
  private final List<Identifier> culprits;

  public CheaterDetectedException(String what, List<Identifier> culprits) {
    super(what + ": " + culprits);
    if (culprits.isEmpty()) {
      throw new IllegalArgumentException("a cheater exception names at least one participant");
    }
    this.culprits = List.copyOf(culprits);
  }

  /** The misbehaving participants, in ascending identifier order. */
  public List<Identifier> culprits() {
    return culprits;
  }
}
