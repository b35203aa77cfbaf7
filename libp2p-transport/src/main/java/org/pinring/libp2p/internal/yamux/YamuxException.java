package org.pinring.libp2p.internal.yamux;

/** A yamux stream or session operation failed (stream reset, closed, queue full, session gone). */
public final class YamuxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public YamuxException(String message) {
    super(message);
  }
}
