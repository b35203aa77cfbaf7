package org.pinring.libp2p;

/** A stream or connection operation failed: reset, closed, refused, timed out, or negotiation. */
public class StreamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StreamException(String message) {
    super(message);
  }

  public StreamException(String message, Throwable cause) {
    super(message, cause);
  }
}
