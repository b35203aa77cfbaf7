package org.pinring.libp2p;

/** Text or bytes that should name a peer do not form a valid peer ID. */
public final class InvalidPeerIdException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidPeerIdException(String message) {
    super(message);
  }

  public InvalidPeerIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
