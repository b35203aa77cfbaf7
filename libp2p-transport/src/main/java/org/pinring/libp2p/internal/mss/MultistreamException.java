package org.pinring.libp2p.internal.mss;

/** A multistream-select negotiation failed: malformed input, or no common protocol. */
public final class MultistreamException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean unsupported;

  MultistreamException(String message, boolean unsupported) {
    super(message);
    this.unsupported = unsupported;
  }

  /** True if the peers simply share no protocol (as opposed to malformed input). */
  public boolean unsupported() {
    return unsupported;
  }
}
