package org.pinring.libp2p.crypto;

/** Key bytes (a key protobuf, a key file, a peer ID) are malformed or of an unsupported kind. */
public final class InvalidKeyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidKeyException(String message) {
    super(message);
  }

  public InvalidKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
