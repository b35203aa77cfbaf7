package org.pinring.libp2p.transport;

/** A transport could not listen, resolve or connect. */
public final class TransportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
