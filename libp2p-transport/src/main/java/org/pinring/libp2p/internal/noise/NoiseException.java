package org.pinring.libp2p.internal.noise;

/** A Noise handshake or transport message is malformed, forged or fails a libp2p check. */
public final class NoiseException extends Exception {

  private static final long serialVersionUID = 1L;

  public NoiseException(String message) {
    super(message);
  }

  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
