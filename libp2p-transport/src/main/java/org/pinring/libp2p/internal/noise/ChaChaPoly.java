package org.pinring.libp2p.internal.noise;

import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * ChaCha20-Poly1305 (RFC 8439) with one fixed key. Not thread-safe: one instance per direction of
 * one connection, used only by that connection's thread.
 */
public interface ChaChaPoly {

  /** Length of the authentication tag appended to every ciphertext. */
  int TAG_BYTES = 16;

  /** Length of a nonce. */
  int NONCE_BYTES = 12;

  /**
   * Encrypts all remaining bytes of {@code plaintext} into {@code out}, which must have room for
   * them plus {@link #TAG_BYTES}. Advances both buffers' positions.
   */
  void seal(byte[] nonce, byte[] ad, ByteBuffer plaintext, ByteBuffer out);

  /**
   * Decrypts and authenticates all remaining bytes of {@code ciphertext} into {@code out}. Advances
   * both buffers' positions.
   *
   * @throws AEADBadTagException if the ciphertext, nonce or associated data were tampered with
   */
  void open(byte[] nonce, byte[] ad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException;
}
