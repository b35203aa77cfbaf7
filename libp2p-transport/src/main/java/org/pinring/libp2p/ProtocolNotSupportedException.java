package org.pinring.libp2p;

/** The remote supports none of the protocols proposed for a stream. */
public final class ProtocolNotSupportedException extends StreamException {

  private static final long serialVersionUID = 1L;

  public ProtocolNotSupportedException(String message) {
    super(message);
  }
}
