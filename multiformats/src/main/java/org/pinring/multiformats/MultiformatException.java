package org.pinring.multiformats;

/**
 * Malformed multiformat input: a varint, multibase string, multihash, CID or multiaddr that does
 * not follow its specification or exceeds a bound. The message says what is wrong in terms a user
 * can act on. Every decoder in this module fails only with this type (or a subclass).
 */
public class MultiformatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MultiformatException(String message) {
    super(message);
  }

  public MultiformatException(String message, Throwable cause) {
    super(message, cause);
  }
}
